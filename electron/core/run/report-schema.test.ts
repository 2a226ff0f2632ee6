import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyRecord, reportVerification } from './record-verify';
import { renderReport } from './report';
import { REPORT_SCHEMA_VERSION, reportJsonSchema, reportSchema } from './report-schema';
import { finishedStep } from './testing/run-events';
import { sealedRun, testKey, writeAllowedSigners } from './testing/sealed-run';

const published = path.resolve(import.meta.dirname, '../../../docs/report.schema.json');
const runId = '2026-11-25T10-00-00Z-deploy-ef56';
let root: string;
beforeEach(() => void (root = fs.mkdtempSync(path.join(os.tmpdir(), 'report-schema-'))));
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the JSON report schema', () => {
  it('docs/report.schema.json is the schema the code validates with (npx tsx scripts/write-report-schema.ts)', () => {
    expect(JSON.parse(fs.readFileSync(published, 'utf8'))).toEqual(reportJsonSchema());
  });

  it('a real report (journal written, sealed and verified) validates, and carries its version and state', async () => {
    const { signer } = await testKey(root, 'alice@laptop');
    const allowedSigners = path.join(root, 'allowed_signers');
    writeAllowedSigners(allowedSigners, [signer]);
    const dir = path.join(root, 'runs', runId);
    await sealedRun(dir, runId, signer, [
      { type: 'step-started', step: 'a', target: 'app', command: 'createdb ocpizzas', attempt: 1 },
      finishedStep('a', 'succeeded', 0, 'CREATE DATABASE\n'),
      { type: 'run-finished', outcome: 'succeeded' },
    ]);
    const verdict = await verifyRecord(dir, { allowedSigners });
    const json = JSON.parse(
      renderReport(verdict.events, 'json', { verification: reportVerification(verdict) }),
    );
    const parsed = reportSchema.safeParse(json);
    expect(parsed.error?.issues).toBeUndefined();
    expect(json).toMatchObject({
      schemaVersion: REPORT_SCHEMA_VERSION,
      verification: { state: 'signed', principal: 'alice@laptop' },
    });
  });

  it('refuses what a reader could trip on: another version, an unknown field, a wrong state', async () => {
    const { signer } = await testKey(root, 'alice@laptop');
    const dir = path.join(root, 'runs', runId);
    await sealedRun(dir, runId, signer, [{ type: 'run-finished', outcome: 'succeeded' }]);
    const verdict = await verifyRecord(dir, { allowedSigners: path.join(root, 'none') });
    const json = JSON.parse(
      renderReport(verdict.events, 'json', { verification: reportVerification(verdict) }),
    );
    expect(reportSchema.safeParse(json).success).toBe(true);
    expect(reportSchema.safeParse({ ...json, schemaVersion: 1 }).success).toBe(false);
    expect(reportSchema.safeParse({ ...json, extra: 1 }).success).toBe(false);
    expect(
      reportSchema.safeParse({ ...json, verification: { ...json.verification, state: 'ok' } }).success,
    ).toBe(false);
  });
});
