import type { ServerRole } from '../api';
import type { Translate } from '../i18n';

/**
 * The line a terminal shows when its server's connection dropped: dim red, on a line of its own, so that it
 * cannot be taken for the server's output. Control characters in the reason are removed: it comes from the
 * network library, and must not move the cursor or change colours.
 */
export function lostConnectionLine(t: Translate, role: ServerRole, reason: string): string {
  const safeReason = Array.from(reason, (c) => (isControl(c.charCodeAt(0)) ? ' ' : c))
    .join('')
    .trim();
  const text = t('term.lost', { server: t(`role.${role}`), reason: safeReason || '?' });
  return `\r\n\x1b[0;2;31m${text}\x1b[0m\r\n`;
}

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}
