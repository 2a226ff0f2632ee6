import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../api';
import { recordedRun } from './runSteps';

let seq = 0;
function ev(body: Record<string, unknown>): RunEvent {
  return { ...body, seq: seq++, ts: '2026-11-25T10:00:00Z', prev: 'sha256:x' } as unknown as RunEvent;
}

const STARTED = ev({
  type: 'run-started',
  runId: 'r1',
  runbookId: 'deploy',
  steps: [
    { name: 'a', kind: 'shell', target: 'app', ref: '3.2' },
    { name: 'conf', kind: 'file', target: 'app' },
    { name: 'dns', kind: 'manual' },
    { name: 'b', kind: 'shell', target: 'db' },
  ],
});

describe('recordedRun', () => {
  it('folds each step to its last status, exit code, duration, output and attempts', () => {
    const { steps, resumeFrom } = recordedRun([
      STARTED,
      ev({ type: 'step-started', step: 'a', command: 'createdb x', attempt: 1 }),
      ev({ type: 'step-finished', step: 'a', status: 'failed', exitCode: 1, durationMs: 20, output: 'err' }),
      ev({ type: 'step-started', step: 'a', command: 'createdb x', attempt: 2 }),
      ev({
        type: 'step-finished',
        step: 'a',
        status: 'succeeded',
        exitCode: 0,
        durationMs: 30,
        output: 'ok',
      }),
      ev({ type: 'file-diff', step: 'conf', path: '/etc/x', diff: '+a', existed: false, changed: true }),
      ev({ type: 'step-skipped', step: 'conf', reason: 'déjà fait', by: 'operator' }),
      ev({ type: 'manual-step-ticked', step: 'dns', by: 'bob' }),
      ev({ type: 'step-started', step: 'b', command: 'sleep 100', attempt: 1 }),
    ]);
    expect(steps.map((s) => [s.name, s.status, s.exitCode, s.attempts])).toEqual([
      ['a', 'succeeded', 0, 2],
      ['conf', 'skipped', null, 0],
      ['dns', 'ticked', null, 0],
      ['b', 'interrupted', null, 1],
    ]);
    expect(steps[0]).toMatchObject({ output: 'ok', durationMs: 30, command: 'createdb x', ref: '3.2' });
    expect(steps[1]).toMatchObject({ skipReason: 'déjà fait', file: { path: '/etc/x', changed: true } });
    expect(resumeFrom).toBe('b');
  });

  it('keeps the reason of the last finish, and has no resume point when all is done', () => {
    const run = recordedRun([STARTED, ev({ type: 'run-finished', outcome: 'aborted', reason: 'Ctrl-C' })]);
    expect(run.reason).toBe('Ctrl-C');
    expect(run.resumeFrom).toBe('a');
    expect(recordedRun([]).steps).toEqual([]);
  });
});
