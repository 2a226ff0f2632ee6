import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor, checkRedactableSecret, redactText, secretVariants } from './redactor';

/** Feeds text to a redactor cut at the given positions and returns everything it emitted. */
function streamed(secrets: string[], text: string, cuts: number[]): string {
  const redactor = new Redactor(secrets);
  let out = '';
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    out += redactor.push(text.slice(from, cut));
    from = cut;
  }
  return out + redactor.flush();
}

describe('redactText', () => {
  it('replaces each occurrence, its base64 and its URL-encoding', () => {
    const secret = 'p@ss/w0r'; // 8 bytes: its base64 ends with one '=' padding character
    const text = `PGPASSWORD=${secret} psql; echo ${Buffer.from(secret).toString('base64')}; postgres://u:${encodeURIComponent(secret)}@db/x`;
    const out = redactText(text, [secret]);
    expect(out).toBe(`PGPASSWORD=${REDACTED} psql; echo ${REDACTED}=; postgres://u:${REDACTED}@db/x`);
  });

  it('prefers the longest secret when one contains another', () => {
    expect(redactText('a=abcdef b=abcd', ['abcd', 'abcdef'])).toBe(`a=${REDACTED} b=${REDACTED}`);
  });

  it('passes text through untouched without secrets, and ignores empty ones', () => {
    expect(redactText('nothing to hide', [])).toBe('nothing to hide');
    expect(redactText('nothing to hide', [''])).toBe('nothing to hide');
  });

  it('refuses secrets too short to redact sensibly', () => {
    expect(checkRedactableSecret('abc')).toMatch(/at least 4/);
    expect(checkRedactableSecret('abcd')).toBeUndefined();
    expect(() => new Redactor(['x'])).toThrow(RangeError);
  });

  it('escapes regular expression characters in secrets', () => {
    expect(redactText('a.*b a.*b axxb', ['a.*b'])).toBe(`${REDACTED} ${REDACTED} axxb`);
  });
});

describe('Redactor (streaming)', () => {
  const secret = 'S3cr3t-Value_42';
  const text = `before ${secret} middle ${secret}${secret} after S3cr3t end`;
  const expected = redactText(text, [secret]);

  it('redacts a secret split at every possible chunk boundary', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      expect(streamed([secret], text, [cut]), `cut at ${cut}`).toBe(expected);
    }
  });

  it('redacts with every pair of cuts and one character at a time', () => {
    for (let a = 0; a <= text.length; a += 3)
      for (let b = a; b <= text.length; b++) expect(streamed([secret], text, [a, b])).toBe(expected);
    const everyChar = [...Array(text.length).keys()];
    expect(streamed([secret], text, everyChar)).toBe(expected);
  });

  it('never emits a secret that is one of several with shared prefixes', () => {
    const secrets = ['abcd', 'abcdef', 'bcdefgh'];
    const sample = 'xxabcdefgh abcdz abcdefq zabcdeyy';
    const once = redactText(sample, secrets);
    for (let cut = 0; cut <= sample.length; cut++) expect(streamed(secrets, sample, [cut])).toBe(once);
    expect(streamed(secrets, sample, [...Array(sample.length).keys()])).toBe(once);
  });

  it('holds back at most (longest variant - 1) characters', () => {
    const redactor = new Redactor([secret]);
    const longest = secretVariants([secret])[0]?.length ?? 0;
    const out = redactor.push('x'.repeat(100) + secret.slice(0, 10));
    expect(100 + 10 - out.length).toBeLessThanOrEqual(longest - 1);
    expect(out).toBe('x'.repeat(100));
    expect(redactor.push(secret.slice(10))).toBe(REDACTED);
  });

  it('releases a held prefix that turned out not to be a secret on the next chunk or flush', () => {
    const redactor = new Redactor([secret]);
    expect(redactor.push('echo S3cr')).toBe('echo ');
    expect(redactor.push('ambled')).toBe('S3crambled');
    expect(redactor.push(' S3c')).toBe(' ');
    expect(redactor.flush()).toBe('S3c');
  });
});

describe('encoded forms of a secret', () => {
  const secret = 'S3cr3t/pa ss!word';

  it('base64 at every alignment inside a longer string, standard and url-safe', () => {
    for (const prefix of ['', 'u', 'us', 'use', 'user:']) {
      for (const suffix of ['', 'x', 'xy', '@host']) {
        const encoded = Buffer.from(prefix + secret + suffix).toString('base64');
        const out = redactText(`Authorization: Basic ${encoded}`, [secret]);
        // What is left of the encoding decodes to no more than the prefix, the suffix and a few bits.
        expect(out, `${prefix}|${suffix}`).toContain(REDACTED);
        const left = out.replace('Authorization: Basic ', '').split(REDACTED).join('');
        expect(left.length, `${prefix}|${suffix}: ${out}`).toBeLessThanOrEqual(
          Math.ceil(((prefix.length + suffix.length) * 4) / 3) + 4,
        );
        const urlSafe = Buffer.from(prefix + secret + suffix).toString('base64url');
        expect(redactText(urlSafe, [secret])).toContain(REDACTED);
      }
    }
  });

  it('hex in lower and upper case', () => {
    const hex = Buffer.from(secret).toString('hex');
    expect(redactText(`key=${hex}`, [secret])).toBe(`key=${REDACTED}`);
    expect(redactText(`KEY=${hex.toUpperCase()}`, [secret])).toBe(`KEY=${REDACTED}`);
  });

  it('URL-encoded: encodeURIComponent, lower-case escapes, + for spaces, RFC 3986 strict', () => {
    const url = encodeURIComponent(secret);
    expect(url).toBe('S3cr3t%2Fpa%20ss!word');
    for (const form of [
      url,
      'S3cr3t%2fpa%20ss!word',
      'S3cr3t%2Fpa+ss!word',
      'S3cr3t%2Fpa%20ss%21word',
      'S3cr3t%2fpa%20ss%21word',
    ])
      expect(redactText(`postgres://u:${form}@db/x`, [secret]), form).toBe(`postgres://u:${REDACTED}@db/x`);
  });

  it('does not redact ordinary text for a secret whose encodings are short', () => {
    expect(redactText('the quick brown fox', ['abcd'])).toBe('the quick brown fox');
  });
});
