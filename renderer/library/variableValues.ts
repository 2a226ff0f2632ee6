/**
 * Preview values typed in the variables panel. A value is used in the preview only when it matches the
 * variable's pattern, as the engine would require before running; secrets are never accepted here.
 */
import type { VariableSpec } from '../api';

export type ValueCheck = { ok: true } | { ok: false; pattern: string };

export function checkValue(spec: VariableSpec, value: string): ValueCheck {
  if (!spec.pattern || value === '') return { ok: true };
  try {
    return new RegExp(spec.pattern, 'u').test(value) ? { ok: true } : { ok: false, pattern: spec.pattern };
  } catch {
    return { ok: true }; // a broken pattern is the linter's finding, not the reader's
  }
}

/** The values the preview may show: non-secret, non-empty and valid. */
export function previewValues(
  specs: readonly VariableSpec[],
  typed: Readonly<Record<string, string>>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const spec of specs) {
    const value = typed[spec.name];
    if (!spec.secret && value && checkValue(spec, value).ok) values[spec.name] = value;
  }
  return values;
}
