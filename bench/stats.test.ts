import { describe, expect, it } from 'vitest';
import { mbPerSecond, median, percentile } from './stats';

describe('median', () => {
  it('takes the middle sample of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it('averages the two middle samples of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
  it('refuses an empty list rather than returning NaN', () => {
    expect(() => median([])).toThrow(/no samples/);
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile(samples, 100)).toBe(100);
  });
  it('refuses p outside 0..100', () => {
    expect(() => percentile([1], 101)).toThrow(/out of range/);
  });
});

describe('mbPerSecond', () => {
  it('is decimal megabytes per second', () => {
    expect(mbPerSecond(50e6, 2000)).toBe(25);
  });
  it('refuses a zero duration', () => {
    expect(() => mbPerSecond(1, 0)).toThrow(/non-positive/);
  });
});
