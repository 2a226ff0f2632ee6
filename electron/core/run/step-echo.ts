/**
 * What the terminal shows before a step's output, after the prompt: the command as it runs, masked (secrets
 * as ••••••), the way a shell echoes what was typed, with the step's name as a comment on its first line and
 * `> ` before each continuation line. The real invocation line is hidden (it is a
 * base64 wrapper, shell-session.ts), so without this an engineer watching the terminal saw `# step-name`
 * and never the command, and could not tell from the terminal what had just failed.
 *
 * Long scripts are cut after MAX_ECHO_LINES: the step's card and the confirmation show them whole.
 */
export const MAX_ECHO_LINES = 12;

export function stepEcho(name: string, maskedCommand: string, maxLines = MAX_ECHO_LINES): string {
  const lines = maskedCommand.replace(/\s+$/, '').split('\n');
  if (!maskedCommand.trim()) return `# ${name}`;
  const shown = lines.slice(0, maxLines).map((line, index) => (index === 0 ? line : `> ${line}`));
  shown[0] = `${shown[0]}  # ${name}`;
  const hidden = lines.length - shown.length;
  if (hidden > 0) shown.push(`> … (${hidden} more line${hidden === 1 ? '' : 's'})`);
  return shown.join('\n');
}
