/**
 * The `{{ … }}` template language of runbook bodies, shared by the linter (which names unknown references)
 * and the binder (which renders them). Pure: no Node imports.
 *
 *   {{ name }}               a front-matter variable, inserted verbatim (its pattern keeps it safe)
 *   {{ name | sh }}          the same, single-quoted for a POSIX shell ('it'\''s')
 *   {{ servers.app.host }}   an inventory field: host, port, user or label of a server role
 *   {{ run.id }}             built-ins: run.id, run.date (UTC YYYY-MM-DD), runbook.id
 *   \{{                      a literal "{{" (the backslash is dropped)
 */
import { SERVER_ROLES, type ServerRole } from './model';

export const TEMPLATE_FILTERS = ['sh'] as const;
export type TemplateFilter = (typeof TEMPLATE_FILTERS)[number];
export const SERVER_FIELDS = ['host', 'port', 'user', 'label'] as const;
export type ServerField = (typeof SERVER_FIELDS)[number];
export const BUILTIN_NAMES = ['run.id', 'run.date', 'runbook.id'] as const;
export type BuiltinName = (typeof BUILTIN_NAMES)[number];

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface Placeholder {
  kind: 'placeholder';
  /** The reference without spaces or filter: "db_name", "servers.app.host". */
  ref: string;
  filter?: TemplateFilter;
  /** Offset and length of the whole `{{…}}` in the template text. */
  offset: number;
  length: number;
}
export type TemplatePart = { kind: 'text'; text: string } | Placeholder;

export interface TemplateProblem {
  code: 'bad-placeholder' | 'unknown-filter';
  offset: number;
  message: string;
}

const EXPR = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*(?:\|\s*([A-Za-z_][A-Za-z0-9_]*)\s*)?$/;

/** Splits a template into literal text and placeholders; malformed `{{` are reported and kept as text. */
export function scanTemplate(text: string): { parts: TemplatePart[]; problems: TemplateProblem[] } {
  const parts: TemplatePart[] = [];
  const problems: TemplateProblem[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      literal += text.slice(i);
      break;
    }
    if (open > 0 && text[open - 1] === '\\') {
      literal += text.slice(i, open - 1) + '{{';
      i = open + 2;
      continue;
    }
    literal += text.slice(i, open);
    const close = text.indexOf('}}', open + 2);
    const newline = text.indexOf('\n', open + 2);
    if (close < 0 || (newline >= 0 && newline < close)) {
      problems.push({
        code: 'bad-placeholder',
        offset: open,
        message: 'unclosed "{{" (write "\\{{" for a literal)',
      });
      literal += '{{';
      i = open + 2;
      continue;
    }
    const inner = text.slice(open + 2, close);
    const m = EXPR.exec(inner);
    if (!m) {
      problems.push({
        code: 'bad-placeholder',
        offset: open,
        message: `invalid placeholder "{{${inner}}}" (write "\\{{" for a literal)`,
      });
      literal += text.slice(open, close + 2);
      i = close + 2;
      continue;
    }
    const filter = m[2];
    if (filter !== undefined && !(TEMPLATE_FILTERS as readonly string[]).includes(filter)) {
      problems.push({
        code: 'unknown-filter',
        offset: open,
        message: `unknown filter "${filter}" (known: ${TEMPLATE_FILTERS.join(', ')})`,
      });
    }
    if (literal) parts.push({ kind: 'text', text: literal });
    literal = '';
    parts.push({
      kind: 'placeholder',
      ref: m[1]!,
      filter: filter === 'sh' ? 'sh' : undefined,
      offset: open,
      length: close + 2 - open,
    });
    i = close + 2;
  }
  if (literal) parts.push({ kind: 'text', text: literal });
  return { parts, problems };
}

/** What a placeholder refers to. */
export type Reference =
  | { kind: 'variable'; name: string }
  | { kind: 'server'; role: ServerRole; field: ServerField }
  | { kind: 'builtin'; name: BuiltinName }
  | { kind: 'unknown'; message: string };

export function classifyReference(ref: string, variables: ReadonlySet<string>): Reference {
  if (variables.has(ref)) return { kind: 'variable', name: ref };
  if ((BUILTIN_NAMES as readonly string[]).includes(ref))
    return { kind: 'builtin', name: ref as BuiltinName };
  const segments = ref.split('.');
  if (segments[0] === 'servers') {
    const [, role, field] = segments;
    if (segments.length !== 3 || !(SERVER_ROLES as readonly string[]).includes(role ?? '')) {
      return { kind: 'unknown', message: `"${ref}": expected servers.<${SERVER_ROLES.join('|')}>.<field>` };
    }
    if (!(SERVER_FIELDS as readonly string[]).includes(field ?? '')) {
      return {
        kind: 'unknown',
        message: `"${ref}": unknown server field (known: ${SERVER_FIELDS.join(', ')})`,
      };
    }
    return { kind: 'server', role: role as ServerRole, field: field as ServerField };
  }
  return {
    kind: 'unknown',
    message: `unknown variable "${ref}" (declare it under "variables:" or use servers.<role>.<field>, ${BUILTIN_NAMES.join(', ')})`,
  };
}

/** Every reference used in a template (valid placeholders only), in order. */
export function templateRefs(text: string): Placeholder[] {
  return scanTemplate(text).parts.filter((p): p is Placeholder => p.kind === 'placeholder');
}

/** POSIX single-quoting: the shell reads the value back byte for byte, whatever it contains. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Renders a template, asking `resolve` for the (already filtered) text of each placeholder. */
export function renderTemplate(text: string, resolve: (p: Placeholder) => string): string {
  return scanTemplate(text)
    .parts.map((p) => (p.kind === 'text' ? p.text : resolve(p)))
    .join('');
}

/** A variable's pattern, made to match the whole value whether or not the author anchored it. */
export function anchoredPattern(pattern: string): RegExp {
  new RegExp(pattern); // throws with the author's own pattern in the message
  return new RegExp(`^(?:${pattern})$`);
}
