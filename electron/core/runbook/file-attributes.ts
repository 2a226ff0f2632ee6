import type { FileStep } from './model';

/**
 * The `owner` and `mode` of a file step. Both may hold `{{…}}` placeholders (`"owner":"{{app_user}}"`), so
 * the parser accepts a template and the binder checks the RENDERED text against these patterns before
 * anything runs: a value can never turn into something `install -o/-g/-m` would read as an option.
 */

/** "user" or "user:group", POSIX-ish names (a trailing "$" for Samba machine accounts). */
export const OWNER_PATTERN = /^[a-z_][a-z0-9_-]*[$]?(:[a-z_][a-z0-9_-]*[$]?)?$/;
/** Octal permissions, 3 or 4 digits, an optional leading 0 ("644", "0644", "2755", "02755"). */
export const MODE_PATTERN = /^0?[0-7]{3,4}$/;

/** The mode as `install -m` takes it: exactly 4 octal digits ("644" -> "0644", "02755" -> "2755"). */
export function normalizeMode(mode: string): string {
  const digits = mode.length === 5 ? mode.slice(1) : mode;
  return digits.padStart(4, '0');
}

/**
 * A problem with a rendered owner or mode, as a sentence naming the step; undefined when it is fine.
 * `real` is checked; only `shown` (secrets masked) and the template go into the message.
 */
export function fileAttributeProblem(
  step: string,
  attribute: 'owner' | 'mode',
  values: { real: string; shown: string; template: string },
): string | undefined {
  const pattern = attribute === 'owner' ? OWNER_PATTERN : MODE_PATTERN;
  if (pattern.test(values.real)) return undefined;
  const from = values.shown === values.template ? '' : ` (from "${values.template}")`;
  const expected =
    attribute === 'owner' ? '"user" or "user:group" (lowercase system names)' : 'octal such as "0644"';
  return `step "${step}": ${attribute} "${values.shown}"${from} must be ${expected}`;
}

/**
 * Bind-time check of a file step's owner and mode, rendered with the real values. The field names the step
 * ("steps.<name>.owner"). A template that cannot be rendered yet ({{run.id}} before the run has an id) is
 * skipped here and checked again when the step is rendered to run.
 */
export function fileAttributeErrors(
  step: FileStep,
  render: { real(text: string): string; shown(text: string): string },
): Array<{ field: string; code: 'bad-owner' | 'bad-mode'; message: string }> {
  const errors = [];
  for (const attribute of ['owner', 'mode'] as const) {
    const template = step[attribute];
    if (template === undefined) continue;
    let real: string;
    try {
      real = render.real(template);
    } catch {
      continue;
    }
    const message = fileAttributeProblem(step.name, attribute, {
      real,
      shown: render.shown(template),
      template,
    });
    if (message)
      errors.push({ field: `steps.${step.name}.${attribute}`, code: `bad-${attribute}` as const, message });
  }
  return errors;
}
