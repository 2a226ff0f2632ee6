import { describe, expect, it } from 'vitest';
import { rovingTarget } from './focus';

describe('rovingTarget', () => {
  it('moves down and up with wrap-around, Home and End jump to the ends', () => {
    expect(rovingTarget('ArrowDown', 0, 3)).toBe(1);
    expect(rovingTarget('ArrowDown', 2, 3)).toBe(0);
    expect(rovingTarget('ArrowUp', 0, 3)).toBe(2);
    expect(rovingTarget('ArrowDown', -1, 3)).toBe(0);
    expect(rovingTarget('Home', 2, 3)).toBe(0);
    expect(rovingTarget('End', 0, 3)).toBe(2);
  });

  it('ignores other keys and empty lists', () => {
    expect(rovingTarget('Enter', 0, 3)).toBeUndefined();
    expect(rovingTarget('ArrowDown', -1, 0)).toBeUndefined();
  });
});
