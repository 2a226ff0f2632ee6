/**
 * Streaming redaction of secret values from terminal output before it reaches a transcript, the
 * journal or the UI.
 *
 * What is redacted: each secret as is, and the encodings of it that commands print (encodedVariants):
 * - base64 and base64url at each of the 3 alignments a secret can have inside a longer encoded string
 *   (`base64 <<< "user:$PASS"`, a JWT, a Basic auth header): for each, the characters that depend on the
 *   secret's bytes only, plus, aligned, the whole unpadded encoding of the secret alone;
 * - hex, lower and upper case (`xxd -p`, `od`, a hex dump of a key);
 * - URL-encoding as encodeURIComponent does it, with lower-case escapes (`%2f`), with `+` for spaces
 *   (HTML forms), and with RFC 3986's reserved `!'()*` escaped too.
 * Not covered (documented limits): other encodings (gzip, rot13, a hex dump with spaces between bytes), and
 * a secret that a terminal splits with escape sequences (e.g. a line wrap redrawn by a full-screen program).
 *
 * Short secrets: a secret shorter than MIN_REDACTABLE_SECRET_LENGTH would redact ordinary text all
 * over the transcript (a 1-char secret redacts every occurrence of that letter) and could not be
 * protected anyway. Such values must be refused when variables are bound (`checkRedactableSecret`);
 * the Redactor throws if it is still given one, rather than silently not redacting it. Empty
 * strings (an unset secret) are ignored: there is nothing to leak.
 */

export const REDACTED = '••••••';
export const MIN_REDACTABLE_SECRET_LENGTH = 4;

/** An error message for a secret value that cannot be protected, or undefined when it is fine. */
export function checkRedactableSecret(value: string): string | undefined {
  if (value.length > 0 && value.length < MIN_REDACTABLE_SECRET_LENGTH)
    return `a secret must be at least ${MIN_REDACTABLE_SECRET_LENGTH} characters long, so that it can be redacted from the records`;
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The base64 characters that depend on the secret's bytes alone when it starts `offset` bytes (0-2) into
 * a 3-byte group: encode it behind `offset` zero bytes and keep only the characters whose 6 bits all
 * come from the secret (the first and last ones mix in the neighbours' bits).
 */
function base64Core(bytes: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
  const first = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + bytes.length)) / 6);
  return encoded.slice(first, end);
}

/** The encodings of a secret that commands print, besides the secret itself (see the file comment). */
export function encodedVariants(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const base64 = [bytes.toString('base64').replace(/=+$/, ''), ...[0, 1, 2].map((o) => base64Core(bytes, o))];
  const url = encodeURIComponent(secret);
  const strictUrl = url.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const lowerEscapes = (text: string) => text.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  const variants = [
    ...base64,
    ...base64.map((b) => b.replace(/\+/g, '-').replace(/\//g, '_')),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    url,
    lowerEscapes(url),
    url.replace(/%20/g, '+'),
    strictUrl,
    lowerEscapes(strictUrl),
  ];
  // A fragment too short would redact ordinary text all over the records (see MIN_REDACTABLE_SECRET_LENGTH).
  return variants.filter((v) => v.length >= MIN_REDACTABLE_SECRET_LENGTH && v !== secret);
}

/** The secret and its encodings, longest first so that an alternation prefers the longest match. */
export function secretVariants(secrets: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const problem = checkRedactableSecret(secret);
    if (problem) throw new RangeError(problem);
    variants.add(secret);
    for (const variant of encodedVariants(secret)) variants.add(variant);
  }
  return [...variants].sort((a, b) => b.length - a.length);
}

export class Redactor {
  private readonly variants: string[];
  private readonly pattern: RegExp | undefined;
  /** Longest variant length - 1: the most we ever hold back. */
  private readonly maxHold: number;
  private held = '';

  constructor(secrets: readonly string[]) {
    this.variants = secretVariants(secrets);
    this.pattern = this.variants.length
      ? new RegExp(this.variants.map(escapeRegExp).join('|'), 'g')
      : undefined;
    this.maxHold = Math.max(0, (this.variants[0]?.length ?? 0) - 1);
  }

  /** Returns the text that is safe to emit now; may hold back the start of a secret split across chunks. */
  push(chunk: string): string {
    if (!this.pattern) return chunk;
    const text = this.held + chunk;
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    let cut = this.holdStart(text, 0);
    let out = '';
    let emitted = 0;
    for (let m = pattern.exec(text); m && m.index < cut; m = pattern.exec(text)) {
      out += text.slice(emitted, m.index) + REDACTED;
      emitted = m.index + m[0].length;
      // A complete match reaching past the hold point: what is left to hold starts after it.
      if (emitted > cut) cut = this.holdStart(text, emitted);
    }
    out += text.slice(emitted, Math.max(emitted, cut));
    this.held = text.slice(Math.max(emitted, cut));
    return out;
  }

  /** Everything still held back: a partial secret prefix at the very end is not a secret. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return this.pattern ? rest.replace(this.pattern, REDACTED) : rest;
  }

  /**
   * The earliest position >= from whose suffix is a proper prefix of some variant (it could become a
   * secret once the next chunk arrives), or text.length when none. Such a suffix is shorter than the
   * longest variant, so at most maxHold characters are held.
   */
  private holdStart(text: string, from: number): number {
    for (let start = Math.max(from, text.length - this.maxHold); start < text.length; start++) {
      const tail = text.slice(start);
      if (this.variants.some((v) => v.length > tail.length && v.startsWith(tail))) return start;
    }
    return text.length;
  }
}

/** One-shot redaction, for journal fields and other complete strings. */
export function redactText(text: string, secrets: readonly string[]): string {
  const redactor = new Redactor(secrets);
  return redactor.push(text) + redactor.flush();
}
