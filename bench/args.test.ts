import { describe, expect, it } from 'vitest';
import { parseBenchArgs, wants } from './args';

describe('parseBenchArgs', () => {
  it('defaults to every figure, full size, no check', () => {
    const args = parseBenchArgs([]);
    expect(args).toEqual({ check: false, quick: false });
    expect(wants(args, '1')).toBe(true);
  });
  it('reads --check, --quick and --only in both spellings', () => {
    expect(parseBenchArgs(['--check', '--quick', '--only', '3,7'])).toEqual({
      check: true,
      quick: true,
      only: ['3', '7'],
    });
    const args = parseBenchArgs(['--only=4']);
    expect(wants(args, '4')).toBe(true);
    expect(wants(args, '3')).toBe(false);
  });
  it('refuses unknown figures and arguments with a message naming them', () => {
    expect(() => parseBenchArgs(['--only', '8'])).toThrow(/unknown figure 8/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown argument "--fast"/);
    expect(() => parseBenchArgs(['--only'])).toThrow(/needs a list/);
  });
});
