import { describe, expect, it } from 'vitest';
import { ALPHANUMERIC, DEFAULT_SECRET_ALPHABET, generateSecret } from './generate';

describe('generateSecret', () => {
  it('has the requested length and only characters of the alphabet, the first alphanumeric', () => {
    for (const length of [1, 2, 32, 100]) {
      const secret = generateSecret(length);
      expect(secret).toHaveLength(length);
      expect([...secret].every((c) => DEFAULT_SECRET_ALPHABET.includes(c))).toBe(true);
      expect(ALPHANUMERIC).toContain(secret[0]);
    }
    expect(generateSecret(50, 'ab')).toMatch(/^[ab]{50}$/);
  });

  it('uses every symbol with roughly equal frequency (sanity, not a statistical test suite)', () => {
    const counts = new Map<string, number>();
    // Skip each secret's first character: it is drawn from the alphanumerics only.
    const sample = Array.from({ length: 40 }, () => generateSecret(4096).slice(1)).join('');
    for (const c of sample) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(DEFAULT_SECRET_ALPHABET.length);
    const expected = sample.length / DEFAULT_SECRET_ALPHABET.length; // 2520, std dev ~50
    for (const [c, n] of counts)
      expect(Math.abs(n - expected), `count of ${c}`).toBeLessThan(expected * 0.25);
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generateSecret(16)));
    expect(seen.size).toBe(1000);
  });

  it('refuses a bad length or alphabet', () => {
    expect(() => generateSecret(0)).toThrow(RangeError);
    expect(() => generateSecret(1.5)).toThrow(RangeError);
    expect(() => generateSecret(8, 'aaaa')).toThrow(/2 distinct/);
  });
});
