import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../api';
import { formatDuration, formatElapsed, progressOf, shouldNotify, stepFacts } from './runFormat';

const base = { seq: 0, ts: '2026-01-01T00:00:00.000Z', prev: 'sha256:x' };

describe('formatDuration', () => {
  it('shows tenths under 10 s (French decimal comma), then seconds, minutes, hours', () => {
    expect(formatDuration(850)).toBe('0,9 s');
    expect(formatDuration(850, 'en')).toBe('0.9 s');
    expect(formatDuration(12_300)).toBe('12 s');
    expect(formatDuration(75_000)).toBe('1 min 15 s');
    expect(formatDuration(3_726_000)).toBe('1 h 02 min');
    expect(formatDuration(-5)).toBe('0,0 s');
  });
});

describe('formatElapsed', () => {
  it('is a clock with hours only when needed', () => {
    expect(formatElapsed(0)).toBe('00:00');
    expect(formatElapsed(247_900)).toBe('04:07');
    expect(formatElapsed(3_729_000)).toBe('1:02:09');
  });
});

describe('progressOf', () => {
  it('counts succeeded, skipped and ticked steps as done', () => {
    const steps = (['succeeded', 'skipped', 'ticked', 'failed', 'pending'] as const).map((status, i) => ({
      name: `s${i}`,
      kind: 'shell' as const,
      display: 'true',
      status,
      attempt: 1,
    }));
    expect(progressOf({ steps })).toEqual({ done: 3, total: 5, percent: 60 });
    expect(progressOf({ steps: [] }).percent).toBe(100);
  });
});

describe('stepFacts', () => {
  it('keeps the last attempt’s exit code, duration and output, and the skip reason', () => {
    const events: RunEvent[] = [
      { ...base, seq: 1, type: 'step-started', step: 'a', attempt: 1 },
      {
        ...base,
        seq: 2,
        type: 'step-finished',
        step: 'a',
        status: 'failed',
        exitCode: 1,
        durationMs: 5,
        output: '',
      },
      { ...base, seq: 3, ts: '2026-01-01T00:00:09.000Z', type: 'step-started', step: 'a', attempt: 2 },
      {
        ...base,
        seq: 4,
        type: 'step-finished',
        step: 'a',
        status: 'succeeded',
        exitCode: 0,
        durationMs: 7,
        output: 'ok\n',
      },
      { ...base, seq: 5, type: 'step-skipped', step: 'b', reason: 'déjà fait', by: 'operator' },
    ];
    expect(stepFacts(events)).toEqual({
      a: { startedAt: '2026-01-01T00:00:09.000Z', exitCode: 0, durationMs: 7, output: 'ok\n' },
      b: { reason: 'déjà fait', skippedBy: 'operator' },
    });
  });
});

describe('shouldNotify', () => {
  const finished = (durationMs: number, status: 'succeeded' | 'failed'): RunEvent => ({
    ...base,
    type: 'step-finished',
    step: 'migrate',
    status,
    exitCode: status === 'succeeded' ? 0 : 1,
    durationMs,
    output: '',
  });
  it('notifies a long step that ended while the window was hidden', () => {
    expect(shouldNotify(finished(12_000, 'failed'), true)).toEqual({ step: 'migrate', ok: false });
    expect(shouldNotify(finished(12_000, 'succeeded'), true)).toEqual({ step: 'migrate', ok: true });
  });
  it('stays quiet for short steps and visible windows', () => {
    expect(shouldNotify(finished(9_000, 'failed'), true)).toBeUndefined();
    expect(shouldNotify(finished(60_000, 'failed'), false)).toBeUndefined();
  });
});
