import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../api';
import { canResume, filterRuns, formatDuration, NO_FILTERS, runbookOptions } from './filters';

function run(over: Partial<RunSummary>): RunSummary {
  return {
    runId: 'r',
    servers: [],
    outcome: 'succeeded',
    skippedFailures: [],
    warnings: 0,
    verified: true,
    record: { state: 'signed', principal: 'alice@laptop', fingerprint: 'SHA256:x' },
    problems: [],
    live: false,
    ...over,
  };
}

const RUNS = [
  run({
    runId: 'r1',
    runbookId: 'deploy',
    title: 'Procédure de déploiement',
    operator: 'alice',
    outcome: 'failed',
    servers: [{ role: 'app', host: '10.0.0.11' }],
  }),
  run({
    runId: 'r2',
    runbookId: 'backup',
    title: 'Sauvegarde',
    operator: 'bob',
    outcome: 'succeeded',
    servers: [{ role: 'db', host: 'db.internal' }],
  }),
  run({
    runId: 'r3',
    runbookId: 'deploy',
    title: 'Procédure de déploiement',
    operator: 'bob',
    outcome: 'interrupted',
  }),
  run({ runId: 'r4', outcome: 'interrupted' }),
];

describe('filterRuns', () => {
  it('keeps everything without filters', () => {
    expect(filterRuns(RUNS, NO_FILTERS)).toHaveLength(4);
  });
  it('filters by runbook and outcome together', () => {
    expect(filterRuns(RUNS, { ...NO_FILTERS, runbook: 'deploy' }).map((r) => r.runId)).toEqual(['r1', 'r3']);
    expect(
      filterRuns(RUNS, { runbook: 'deploy', outcome: 'interrupted', text: '' }).map((r) => r.runId),
    ).toEqual(['r3']);
  });
  it('matches every word of the text, ignoring case and accents, across title, operator and servers', () => {
    expect(filterRuns(RUNS, { ...NO_FILTERS, text: 'DEPLOIEMENT bob' }).map((r) => r.runId)).toEqual(['r3']);
    expect(filterRuns(RUNS, { ...NO_FILTERS, text: 'db.internal' }).map((r) => r.runId)).toEqual(['r2']);
    expect(filterRuns(RUNS, { ...NO_FILTERS, text: 'r4' }).map((r) => r.runId)).toEqual(['r4']);
    expect(filterRuns(RUNS, { ...NO_FILTERS, text: 'carol' })).toEqual([]);
  });
});

describe('runbookOptions', () => {
  it('lists each runbook once, by title, and leaves out runs without a header', () => {
    expect(runbookOptions(RUNS)).toEqual([
      { id: 'deploy', title: 'Procédure de déploiement' },
      { id: 'backup', title: 'Sauvegarde' },
    ]);
  });
});

describe('canResume', () => {
  it('offers resume for interrupted, failed and aborted runs that are not live', () => {
    expect(RUNS.map(canResume)).toEqual([true, false, true, false]);
    expect(canResume(run({ runbookId: 'x', outcome: 'interrupted', live: true }))).toBe(false);
    // The Abort dialog says an aborted run "can be resumed": the history must offer it.
    expect(canResume(run({ runbookId: 'x', outcome: 'aborted' }))).toBe(true);
    expect(canResume(run({ runbookId: 'x', outcome: 'succeeded' }))).toBe(false);
    expect(canResume(run({ runbookId: 'terminal', outcome: 'interrupted' }))).toBe(false);
  });
});

describe('formatDuration', () => {
  it('reads naturally at every scale', () => {
    expect([undefined, 850, 4200, 185_000, 3_725_000].map((ms) => formatDuration(ms))).toEqual([
      '—',
      '850 ms',
      '4,2 s',
      '3 min 05 s',
      '1 h 02 min',
    ]);
  });
});
