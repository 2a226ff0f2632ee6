/**
 * Client-side checks of the run form, for feedback while typing. The backend's binder (checkRunInputs,
 * startRun) is the authority; these mirror its rules so the two agree: a pattern is anchored the same way
 * (runbook/template.ts anchoredPattern), a value without a default is required, a secret may instead come
 * from the keychain or be generated there.
 */
import type { VariableSpec } from '../api';

export type ParamProblem =
  | { kind: 'required' }
  | { kind: 'pattern'; pattern: string }
  | { kind: 'newline' }
  | { kind: 'too-short'; min: number };

/** Same minimum as the redactor (core/run/redactor.ts): a shorter secret could not be masked in records. */
export const MIN_SECRET_LENGTH = 4;

export interface ParamContext {
  /** Secret variables that already have a value in the keychain. */
  storedSecrets: ReadonlySet<string>;
}

/**
 * A variable's pattern exactly as the binder applies it (runbook/template.ts anchoredPattern, which the renderer
 * may not import; paramValidation.test.ts checks the two agree): the whole value must match. Undefined for a
 * broken pattern: that is the linter's finding, and the binder reports it too.
 */
export function anchored(pattern: string): RegExp | undefined {
  try {
    new RegExp(pattern); // as the binder: "a)|(b" is broken, even though "^(?:a)|(b)$" would compile
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

/** The value the run will use when the field is left as typed (empty means the default, if any). */
export function effectiveValue(spec: VariableSpec, typed: string | undefined): string | undefined {
  if (typed !== undefined && typed !== '') return typed;
  return spec.secret ? undefined : spec.default;
}

export function checkParam(
  spec: VariableSpec,
  typed: string | undefined,
  context: ParamContext,
): ParamProblem | undefined {
  const value = effectiveValue(spec, typed);
  if (value === undefined) {
    if (spec.secret && (context.storedSecrets.has(spec.name) || spec.generate !== undefined))
      return undefined;
    return { kind: 'required' };
  }
  if (/[\r\n\0]/.test(value)) return { kind: 'newline' };
  if (spec.secret && typed && typed.length < MIN_SECRET_LENGTH)
    return { kind: 'too-short', min: MIN_SECRET_LENGTH };
  if (spec.pattern) {
    const re = anchored(spec.pattern);
    if (re && !re.test(value)) return { kind: 'pattern', pattern: spec.pattern };
  }
  return undefined;
}

export function checkParams(
  specs: readonly VariableSpec[],
  typed: Readonly<Record<string, string>>,
  context: ParamContext,
): Record<string, ParamProblem> {
  const problems: Record<string, ParamProblem> = {};
  for (const spec of specs) {
    const problem = checkParam(spec, typed[spec.name], context);
    if (problem) problems[spec.name] = problem;
  }
  return problems;
}

/** What startRun receives: typed values only (empty fields fall back to defaults or the keychain). */
export function runVariables(
  specs: readonly VariableSpec[],
  typed: Readonly<Record<string, string>>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const spec of specs) {
    const value = typed[spec.name];
    if (value !== undefined && value !== '') values[spec.name] = value;
  }
  return values;
}
