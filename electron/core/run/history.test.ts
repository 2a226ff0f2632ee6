import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allowedSignersPath, runDir } from '../data-dir';
import type { RunEventBody } from './events';
import { listRuns } from './history';
import { Journal } from './journal';
import { sha256Ref } from './journal-format';
import { runStarted } from './testing/run-events';
import { rechain, sealedRun, testKey, writeAllowedSigners } from './testing/sealed-run';

let dataDir: string;
beforeEach(() => void (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-test-'))));
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function started(runId: string): RunEventBody {
  return runStarted({ runId, runbookTitle: 'Déploiement', operator: 'alice' });
}

function record(runId: string, startMs: number, finish?: 'succeeded' | 'failed'): string {
  let now = startMs;
  const journal = Journal.create(runDir(dataDir, runId), runId, { now: () => new Date((now += 1000)) });
  journal.append(started(runId));
  journal.append({ type: 'step-started', step: 'a', attempt: 1 });
  if (finish) journal.append({ type: 'run-finished', outcome: finish });
  journal.close();
  return runDir(dataDir, runId);
}

describe('listRuns', () => {
  it('summarizes runs newest first, with interrupted runs and verification', async () => {
    const t0 = Date.UTC(2026, 10, 25, 12, 0);
    record('2026-11-25T12-00-00Z-deploy-aaaa', t0, 'succeeded');
    const tampered = record('2026-11-25T13-00-00Z-deploy-bbbb', t0 + 3_600_000, 'failed');
    record('2026-11-25T14-00-00Z-deploy-cccc', t0 + 7_200_000);
    fs.mkdirSync(path.join(dataDir, 'runs', 'not-a-run'));
    const file = path.join(tampered, 'journal.jsonl');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"step":"a"', '"step":"b"'));

    const runs = await listRuns(dataDir);
    expect(runs.map((r) => r.runId)).toEqual([
      '2026-11-25T14-00-00Z-deploy-cccc',
      '2026-11-25T13-00-00Z-deploy-bbbb',
      '2026-11-25T12-00-00Z-deploy-aaaa',
    ]);
    expect(runs[0]).toMatchObject({
      outcome: 'interrupted',
      verified: true,
      durationMs: 1000,
      operator: 'alice',
    });
    expect(runs[1]).toMatchObject({ outcome: 'failed', verified: false });
    expect(runs[1]?.problems[0]).toMatch(/line 3/);
    expect(runs[2]).toMatchObject({
      outcome: 'succeeded',
      verified: true,
      durationMs: 2000,
      runbookId: 'deploy',
      title: 'Déploiement',
      servers: [{ role: 'app', host: '10.0.0.5' }],
      startedAt: new Date(t0 + 1000).toISOString(),
    });
  });

  it('says signed, unsigned or broken: a forged run-finished never shows as a good succeeded run', async () => {
    const { signer } = await testKey(dataDir, 'alice@laptop');
    writeAllowedSigners(allowedSignersPath(dataDir), [signer]);
    const signedId = '2026-11-25T12-00-00Z-deploy-aaaa';
    await sealedRun(runDir(dataDir, signedId), signedId, signer, [
      { type: 'run-finished', outcome: 'succeeded' },
    ]);
    const forgedId = '2026-11-25T13-00-00Z-deploy-bbbb';
    const forged = runDir(dataDir, forgedId);
    await sealedRun(forged, forgedId, signer, [{ type: 'step-started', step: 'a', attempt: 1 }], {
      finish: false,
    });
    rechain(forged, forgedId, () => undefined);
    const lines = fs.readFileSync(path.join(forged, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean);
    fs.appendFileSync(
      path.join(forged, 'journal.jsonl'),
      JSON.stringify({
        seq: 2,
        ts: '2026-11-25T13:01:00.000Z',
        prev: sha256Ref(lines[1] as string),
        type: 'run-finished',
        outcome: 'succeeded',
      }) + '\n',
    );
    const unsignedId = record('2026-11-25T14-00-00Z-deploy-cccc', Date.UTC(2026, 10, 25, 14), 'succeeded');

    const runs = await listRuns(dataDir);
    expect(runs.map((r) => [r.runId, r.outcome, r.record.state, r.verified])).toEqual([
      [path.basename(unsignedId), 'succeeded', 'unsigned', true],
      [forgedId, 'succeeded', 'broken', false],
      [signedId, 'succeeded', 'signed', true],
    ]);
    expect(runs[2]?.record).toEqual({
      state: 'signed',
      principal: 'alice@laptop',
      fingerprint: signer.fingerprint,
    });
    expect(runs[0]?.record).toEqual({ state: 'unsigned', unsignedReason: 'no-seal' });
  });

  it('returns nothing when there is no runs folder yet', async () => {
    expect(await listRuns(dataDir)).toEqual([]);
  });
});
