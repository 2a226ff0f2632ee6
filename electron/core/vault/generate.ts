import { randomInt } from 'node:crypto';

/**
 * Generated passwords (database, Django SECRET_KEY, …) end up in shell commands, SQL string literals,
 * Python settings, INI files (Supervisor) and URLs (postgres://user:PASS@host). So the default alphabet
 * is letters, digits and `-_.` only:
 * - all three are URL "unreserved" characters: no percent-encoding needed in a connection URL;
 * - none is special inside single or double quotes in sh, SQL or Python, nor in Supervisor's INI
 *   (`%` would be) or YAML values;
 * - `~` is left out (tilde expansion in unquoted shell words and assignments), and so are quotes,
 *   `$`, `\`, `` ` ``, `%`, `#`, `!`, `@`, `:` and `/`.
 * The first character is alphanumeric so that a value never reads as an option (`-x`) or a hidden or
 * relative path (`.x`). 65 symbols give ~6 bits a character: 32 characters are ~190 bits.
 */
export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const DEFAULT_SECRET_ALPHABET = ALPHANUMERIC + '-_.';

export const MAX_SECRET_LENGTH = 4096;

/**
 * A random string from a CSPRNG; every character uniform over its alphabet (crypto.randomInt rejects
 * biased samples, unlike `byte % n`). With the default alphabet the first character is alphanumeric.
 */
export function generateSecret(length: number, alphabet: string = DEFAULT_SECRET_ALPHABET): string {
  if (!Number.isInteger(length) || length < 1 || length > MAX_SECRET_LENGTH)
    throw new RangeError(`a generated secret's length must be an integer from 1 to ${MAX_SECRET_LENGTH}`);
  const symbols = [...new Set(alphabet)];
  if (symbols.length < 2)
    throw new RangeError('the alphabet of a generated secret needs at least 2 distinct characters');
  const first = alphabet === DEFAULT_SECRET_ALPHABET ? [...ALPHANUMERIC] : symbols;
  let out = first[randomInt(first.length)] as string;
  for (let i = 1; i < length; i++) out += symbols[randomInt(symbols.length)];
  return out;
}
