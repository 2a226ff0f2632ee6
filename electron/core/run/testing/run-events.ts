/** Builders of journal events for unit tests of the report and resume planning. */
import type { RunEvent, RunEventBody } from '../events';

export function runStarted(
  overrides: Partial<Extract<RunEventBody, { type: 'run-started' }>> = {},
): RunEventBody {
  return {
    type: 'run-started',
    runId: 'r1',
    runbookId: 'deploy',
    runbookTitle: 'Procédure de déploiement',
    runbookFile: 'runbooks/deploy.md',
    runbookHash: 'sha256:aaa',
    operator: 'alice@laptop',
    host: 'laptop',
    app: 'test',
    servers: [{ role: 'app', id: 'app', label: 'app', host: '10.0.0.5', port: 22, user: 'ops' }],
    variables: { domain: 'oc-pizzas.com', db_password: '[secret]' },
    steps: [
      { name: 'a', kind: 'shell', target: 'app', ref: '3.2' },
      { name: 'conf', kind: 'file', target: 'app' },
      { name: 'dns', kind: 'manual' },
      { name: 'b', kind: 'shell', target: 'app' },
      { name: 'c', kind: 'shell', target: 'app' },
    ],
    ...overrides,
  };
}

/** Adds seq, ts (one second apart from t0) and a dummy prev to bodies. */
export function asEvents(bodies: RunEventBody[], t0 = Date.parse('2026-11-25T10:00:00Z')): RunEvent[] {
  return bodies.map(
    (body, seq) =>
      ({ ...body, seq, ts: new Date(t0 + seq * 1000).toISOString(), prev: 'sha256:x' }) as RunEvent,
  );
}

export function finishedStep(
  step: string,
  status: 'succeeded' | 'failed' | 'interrupted',
  exitCode: number | null,
  output = '',
): RunEventBody {
  return { type: 'step-finished', step, status, exitCode, durationMs: 1200, output };
}
