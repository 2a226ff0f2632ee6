import { describe, expect, it } from 'vitest';
import { describeTarget, meets, TARGETS, type Target } from './targets';

describe('meets', () => {
  const atLeast: Target = { kind: 'ratio', op: '>=', value: 0.8, meaning: '' };
  const atMost: Target = { kind: 'ratio', op: '<=', value: 2, meaning: '' };
  const below: Target = { kind: 'limit', op: '<', value: 150, unit: 'MB', meaning: '' };

  it('passes at the boundary of an inclusive target and fails just past it', () => {
    expect(meets(atLeast, 0.8)).toBe('pass');
    expect(meets(atLeast, 0.79)).toBe('fail');
    expect(meets(atMost, 2)).toBe('pass');
    expect(meets(atMost, 2.01)).toBe('fail');
  });
  it('fails at the boundary of a strict limit', () => {
    expect(meets(below, 149.9)).toBe('pass');
    expect(meets(below, 150)).toBe('fail');
  });
  it('says not-measured for a missing or non-finite number, never pass', () => {
    expect(meets(atLeast, undefined)).toBe('not-measured');
    expect(meets(atMost, Number.NaN)).toBe('not-measured');
    expect(meets(atLeast, Number.POSITIVE_INFINITY)).toBe('not-measured');
  });
});

describe('TARGETS', () => {
  it('holds the issue’s numbers', () => {
    expect(describeTarget(TARGETS.throughput)).toBe('>= 0.8×');
    expect(describeTarget(TARGETS.recordingOverhead)).toBe('>= 0.95×');
    expect(describeTarget(TARGETS.stepLatency)).toBe('<= 2×');
    expect(describeTarget(TARGETS.fanOut)).toBe('<= 1.3×');
    expect(describeTarget(TARGETS.floodBackendRss)).toBe('< 150 MB');
    expect(describeTarget(TARGETS.floodCtrlC)).toBe('<= 1000 ms');
    expect(describeTarget(TARGETS.startup)).toBe('<= 1.5×');
  });
});
