/**
 * Preview values typed in the variables panel. A value is used in the preview only when it matches the
 * variable's pattern, as the engine would require before running; secrets are never accepted here.
 */
import type { VariableSpec } from '../api';
import { anchored, runVariables } from '../run/paramValidation';

export type ValueCheck = { ok: true } | { ok: false; pattern: string };

/** Anchored as the binder does (the run form's check): a value that only contains a match is not valid. */
export function checkValue(spec: VariableSpec, value: string): ValueCheck {
  if (!spec.pattern || value === '') return { ok: true };
  const pattern = anchored(spec.pattern); // undefined when broken: the linter's finding, not the reader's
  return !pattern || pattern.test(value) ? { ok: true } : { ok: false, pattern: spec.pattern };
}

/** The values the preview may show: non-secret, non-empty and valid. */
export function previewValues(
  specs: readonly VariableSpec[],
  typed: Readonly<Record<string, string>>,
): Record<string, string> {
  const shown = specs.filter((spec) => !spec.secret && checkValue(spec, typed[spec.name] ?? '').ok);
  return runVariables(shown, typed);
}
