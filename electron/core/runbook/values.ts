/**
 * Rules every variable value obeys whatever its pattern says, shared by the binder (values given for a run)
 * and the linter (defaults and examples): no control characters unless the variable is `multiline`, and no
 * `..` segment in a path variable. Patterns are written by hand and regularly admit more than meant
 * (`^[^;&|$<>()]+$` admits a line break, `^/[A-Za-z0-9._/-]+$` admits `/srv/../etc`); these rules do not
 * depend on getting a pattern right. Pure: no Node imports.
 */
import type { Runbook, VariableSpec } from './model';
import { templateRefs } from './template';

/** C0 controls, DEL and C1 controls: line breaks, tabs, escape sequences that rewrite a terminal. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** What a `multiline: true` variable may hold besides printable text. */
const MULTILINE_ALLOWED = /[\t\n\r]/g;

export function controlCharacterProblem(value: string, multiline: boolean): string | undefined {
  const rest = multiline ? value.replace(MULTILINE_ALLOWED, '') : value;
  const m = CONTROL.exec(rest);
  if (!m) return undefined;
  const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (!multiline && /[\r\n]/.test(m[0]))
    return 'must not contain a line break (declare the variable "multiline: true" if it really holds several lines)';
  return `must not contain the control character ${code}${multiline ? ' (a multiline value may hold line breaks and tabs only)' : ''}`;
}

/** A `..` segment climbs out of the directory the runbook meant; `.` and names like `a..b` are harmless. */
export function pathTraversalProblem(value: string): string | undefined {
  return value.split('/').includes('..') ? 'must not contain a ".." path segment' : undefined;
}

const looksAbsolute = (value: string | undefined) =>
  value !== undefined && (value.startsWith('/') || value.startsWith('~/'));

/**
 * The variables that count as paths (and so refuse `..` segments): those declared `path: true`, those used in
 * a file step's `file` attribute, and those whose `default` or `example` is an absolute path (`/…` or `~/…`).
 */
export function pathVariables(runbook: Pick<Runbook, 'variables' | 'steps'>): Set<string> {
  const names = new Set<string>();
  for (const spec of runbook.variables) if (isDeclaredPath(spec)) names.add(spec.name);
  for (const step of runbook.steps) {
    if (step.kind !== 'file') continue;
    for (const p of templateRefs(step.path)) names.add(p.ref);
  }
  const declared = new Set(runbook.variables.map((v) => v.name));
  return new Set([...names].filter((n) => declared.has(n)));
}

function isDeclaredPath(spec: VariableSpec): boolean {
  return spec.path === true || looksAbsolute(spec.default) || looksAbsolute(spec.example);
}
