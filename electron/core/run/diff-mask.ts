import { createHash } from 'node:crypto';

/**
 * File steps on sensitive files journal their diff with every content line masked: the hunk headers (line
 * numbers) and, for each line, its sign and a short hash stay, so the record still shows where the file
 * changed and which lines are equal, and a copy of the file can be checked against it line by line. Known
 * secrets are redacted BEFORE hashing (the caller passes the redacted diff), so a hash never stands for a
 * secret value we know; a line of low entropy that is not a known secret (`pin=1234`) could still be guessed
 * from its hash: mark such files sensitive and keep them out of runbooks' bodies where possible.
 */
export const MASKED_LINE = '[masked]';

/**
 * A file is sensitive when the runbook says so (`"sensitive": true`), or, unless it says `false`, when it is
 * installed with sudo (a system file: /etc/shadow, a service's credentials) or with a mode that does not let
 * group and others read it (0600, 0640 is readable by the group and stays in clear).
 */
export function isSensitiveFile(file: { sensitive?: boolean; sudo: boolean; mode?: string }): boolean {
  if (file.sensitive !== undefined) return file.sensitive;
  if (file.sudo) return true;
  if (file.mode === undefined) return false; // installed 0644 by default
  const bits = parseInt(file.mode, 8);
  return (bits & 0o044) === 0;
}

function lineHash(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex').slice(0, 16);
}

/** The unified diff with each content line replaced by `<sign>[masked] sha256:<16 hex>`; headers kept. */
export function maskDiff(diff: string): string {
  return diff
    .split('\n')
    .map((line) => {
      if (/^(---|\+\+\+|@@|Index:|=+$|\\ No newline)/.test(line) || line === '') return line;
      const sign = line[0];
      if (sign !== '+' && sign !== '-' && sign !== ' ') return line;
      return `${sign}${MASKED_LINE} sha256:${lineHash(line.slice(1))}`;
    })
    .join('\n');
}
