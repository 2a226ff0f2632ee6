import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordSigner } from '../signing/signer';
import { Journal } from './journal';
import { verifyRecord } from './record-verify';
import { parseSeal, SEAL_FILE } from './seal-format';
import { sealJournal } from './sealer';
import { runStarted } from './testing/run-events';
import { testKey, writeAllowedSigners } from './testing/sealed-run';

const runId = '2026-11-25T10-00-00Z-deploy-cd34';
let root: string;
let dir: string;
let signer: RecordSigner;

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sealer-test-'));
  dir = path.join(root, 'runs', runId);
  signer = (await testKey(root, 'alice@laptop')).signer;
  writeAllowedSigners(path.join(root, 'allowed_signers'), [signer]);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('sealJournal', () => {
  it('merges a burst of checkpoints into at most two signatures, and the last seal covers the last event', async () => {
    let signatures = 0;
    const counting: RecordSigner = { ...signer, sign: (data) => (signatures++, signer.sign(data)) };
    const journal = Journal.create(dir, runId);
    const sealed = sealJournal(journal, counting);
    sealed.append(runStarted({ runId }));
    for (let n = 0; n < 20; n++) sealed.append({ type: 'step-started', step: `s${n}`, attempt: 1 });
    await sealed.flush();
    expect(signatures).toBeLessThanOrEqual(2);
    expect(parseSeal(fs.readFileSync(path.join(dir, SEAL_FILE), 'utf8')).head.seq).toBe(20);
    sealed.append({ type: 'run-finished', outcome: 'succeeded' });
    journal.close();
    await sealed.finish();
    const seal = parseSeal(fs.readFileSync(path.join(dir, SEAL_FILE), 'utf8'));
    expect(seal).toMatchObject({ head: { seq: 21 }, finished: true, reason: 'finished' });
    expect(await verifyRecord(dir, { allowedSigners: path.join(root, 'allowed_signers') })).toMatchObject({
      state: 'signed',
    });
    // No temp file is left behind.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a signer that fails leaves the run going, unsigned, with the error said once', async () => {
    const failing: RecordSigner = { ...signer, sign: () => Promise.reject(new Error('keychain locked')) };
    const errors: string[] = [];
    const journal = Journal.create(dir, runId);
    const sealed = sealJournal(journal, failing, (e) => errors.push(e.message));
    sealed.append(runStarted({ runId }));
    await sealed.flush();
    sealed.append({ type: 'run-finished', outcome: 'succeeded' });
    journal.close();
    await sealed.finish();
    expect(errors).toEqual(['keychain locked']);
    expect(sealed.errors).toEqual(['keychain locked']);
    expect(fs.existsSync(path.join(dir, SEAL_FILE))).toBe(false);
  });
});
