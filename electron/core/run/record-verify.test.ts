import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUN_SEAL_NAMESPACE, type RecordSigner } from '../signing/signer';
import type { RunEventBody } from './events';
import { sha256Ref } from './journal-format';
import { verifyRecord } from './record-verify';
import { parseSeal, SEAL_FILE, SEAL_SIGNATURE_FILE } from './seal-format';
import { rechain, sealedRun, testKey, writeAllowedSigners } from './testing/sealed-run';
import { finishedStep } from './testing/run-events';

const runId = '2026-11-25T10-00-00Z-deploy-ab12';
const steps: RunEventBody[] = [
  { type: 'step-started', step: 'a', target: 'app', command: 'createdb ocpizzas', attempt: 1 },
  finishedStep('a', 'succeeded', 0, 'CREATE DATABASE\n'),
  { type: 'run-finished', outcome: 'succeeded' },
];

let root: string;
let dir: string;
let allowed: string;
let alice: RecordSigner;
let mallory: RecordSigner;

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'record-verify-'));
  dir = path.join(root, 'runs', runId);
  allowed = path.join(root, 'allowed_signers');
  alice = (await testKey(root, 'alice@laptop')).signer;
  mallory = (await testKey(root, 'mallory@evil')).signer;
  writeAllowedSigners(allowed, [alice]);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const verify = () => verifyRecord(dir, { allowedSigners: allowed });
const messages = (v: Awaited<ReturnType<typeof verify>>) => v.problems.map((p) => p.message).join('\n');

describe('verifyRecord', () => {
  it('an untouched run is signed by its principal, and plain ssh-keygen -Y verify accepts it', async () => {
    await sealedRun(dir, runId, alice, steps);
    const verdict = await verify();
    expect(verdict).toMatchObject({ state: 'signed', principal: 'alice@laptop', problems: [], sealedSeq: 3 });
    expect(verdict.fingerprint).toBe(alice.fingerprint);
    expect(parseSeal(fs.readFileSync(path.join(dir, SEAL_FILE), 'utf8'))).toMatchObject({
      finished: true,
      reason: 'finished',
      transcripts: [{ file: 'app.cast' }],
    });
    // The documented command (docs/run-records.md), and nothing of ours.
    const plain = spawnSync(
      'ssh-keygen',
      [
        '-Y',
        'verify',
        '-f',
        allowed,
        '-I',
        'alice@laptop',
        '-n',
        RUN_SEAL_NAMESPACE,
        '-s',
        path.join(dir, SEAL_SIGNATURE_FILE),
      ],
      { input: fs.readFileSync(path.join(dir, SEAL_FILE)), encoding: 'utf8' },
    );
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^Good "oc-pizzas-runbook-run@v1" signature for alice@laptop/);
  });

  it('a forged final event appended to a killed run (head updated or not) is broken', async () => {
    await sealedRun(dir, runId, alice, steps.slice(0, 1), { finish: false });
    const file = path.join(dir, 'journal.jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const forged = JSON.stringify({
      seq: lines.length,
      ts: '2026-11-25T10:05:00.000Z',
      prev: sha256Ref(lines.at(-1) as string),
      type: 'run-finished',
      outcome: 'succeeded',
    });
    fs.appendFileSync(file, forged + '\n');
    expect((await verify()).state).toBe('broken');
    fs.writeFileSync(
      path.join(dir, 'journal.head'),
      JSON.stringify({ runId, seq: lines.length, hash: sha256Ref(forged) }),
    );
    const verdict = await verify();
    expect(verdict.state).toBe('broken');
    expect(messages(verdict)).toMatch(/1 event\(s\) after the signed head \(seq 1\)/);
  });

  it('a full re-chain (output and operator rewritten, journal.head and .cast rewritten) is broken', async () => {
    await sealedRun(dir, runId, alice, steps);
    rechain(dir, runId, (event) => {
      if (event.type === 'run-started') event.operator = 'bob@laptop';
      if (event.type === 'step-finished') event.output = 'all good\n';
    });
    const cast = fs
      .readFileSync(path.join(dir, 'app.cast'), 'utf8')
      .replace(/output of event 2/, 'output of event X');
    fs.writeFileSync(path.join(dir, 'app.cast'), cast);
    const verdict = await verify();
    expect(verdict.state).toBe('broken');
    expect(messages(verdict)).toMatch(/does not match the signed head in seal.json/);
    expect(messages(verdict)).toMatch(/app.cast differs from its hash/);
  });

  it('an edited transcript (same length) is broken, and so is an unsealed extra one', async () => {
    await sealedRun(dir, runId, alice, steps);
    const file = path.join(dir, 'app.cast');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('output of event 1', 'output of event 9'));
    expect(messages(await verify())).toMatch(/app.cast differs from its hash/);
    fs.writeFileSync(path.join(dir, 'db.cast'), '{"version":2}\n');
    expect(messages(await verify())).toMatch(/db.cast is not covered by seal.json/);
  });

  it('a removed signature is unsigned, not signed', async () => {
    await sealedRun(dir, runId, alice, steps);
    fs.rmSync(path.join(dir, SEAL_SIGNATURE_FILE));
    expect(await verify()).toMatchObject({ state: 'unsigned', unsignedReason: 'no-signature', problems: [] });
    fs.rmSync(path.join(dir, SEAL_FILE));
    expect(await verify()).toMatchObject({ state: 'unsigned', unsignedReason: 'no-seal' });
  });

  it('a forgery re-sealed with a key not allowed is unsigned (key-not-allowed), never signed', async () => {
    await sealedRun(dir, runId, mallory, steps);
    const verdict = await verify();
    expect(verdict).toMatchObject({ state: 'unsigned', unsignedReason: 'key-not-allowed', problems: [] });
    expect(verdict.fingerprint).toBe(mallory.fingerprint);
    // Claiming alice's principal does not help: the key is what allowed_signers checks.
    const sealFile = path.join(dir, SEAL_FILE);
    const seal = parseSeal(fs.readFileSync(sealFile, 'utf8'));
    seal.signer.principal = 'alice@laptop';
    const text = JSON.stringify(seal, null, 2) + '\n';
    fs.writeFileSync(sealFile, text);
    fs.writeFileSync(path.join(dir, SEAL_SIGNATURE_FILE), await mallory.sign(text));
    expect(await verify()).toMatchObject({ state: 'unsigned', unsignedReason: 'key-not-allowed' });
  });

  it('a seal whose signature does not match it (seal edited) is broken', async () => {
    await sealedRun(dir, runId, alice, steps);
    const sealFile = path.join(dir, SEAL_FILE);
    fs.writeFileSync(
      sealFile,
      fs.readFileSync(sealFile, 'utf8').replace('"finished": true', '"finished": false'),
    );
    const verdict = await verify();
    expect(verdict.state).toBe('broken');
    expect(messages(verdict)).toMatch(/not a valid signature of seal.json/);
  });

  it('a run killed between the two renames of a seal is signed by the seal its signature is for', async () => {
    await sealedRun(dir, runId, alice, steps);
    const sealFile = path.join(dir, SEAL_FILE);
    // The state the sealer leaves when killed there: the new signature renamed into place, the new seal
    // still in seal.json.tmp, the previous seal (here: an earlier head) in seal.json.
    const sealed = fs.readFileSync(sealFile, 'utf8');
    fs.writeFileSync(`${sealFile}.tmp`, sealed);
    fs.writeFileSync(sealFile, sealed.replace('"finished": true', '"finished": false'));
    const verdict = await verify();
    expect(verdict).toMatchObject({ state: 'signed', principal: 'alice@laptop', problems: [] });
    expect(verdict.notes.join('\n')).toMatch(/stopped while sealing/);

    // A seal.json.tmp the signature is not for (killed before the signature's rename) changes nothing.
    fs.writeFileSync(sealFile, sealed);
    fs.writeFileSync(`${sealFile}.tmp`, sealed.replace('"finished": true', '"finished": false'));
    expect(await verify()).toMatchObject({ state: 'signed', problems: [] });
    // And an edited seal.json stays broken, tmp or not.
    fs.writeFileSync(sealFile, sealed.replace('"finished": true', '"finished": false'));
    expect((await verify()).state).toBe('broken');
  });

  it('a run killed after a checkpoint is signed up to it; what came after is reported, not trusted', async () => {
    await sealedRun(dir, runId, alice, steps.slice(0, 1), {
      finish: false,
      afterSealed: [finishedStep('a', 'succeeded', 0)],
    });
    const verdict = await verify();
    expect(verdict.state).toBe('broken');
    expect(verdict.sealedSeq).toBe(1);
    expect(messages(verdict)).toMatch(/after the signed head/);
    expect(messages(verdict)).toMatch(/app.cast has \d+ byte\(s\) after the \d+ sealed/);
    // The signed prefix itself still checks with ssh-keygen alone.
    execFileSync(
      'ssh-keygen',
      [
        '-Y',
        'verify',
        '-f',
        allowed,
        '-I',
        'alice@laptop',
        '-n',
        RUN_SEAL_NAMESPACE,
        '-s',
        path.join(dir, SEAL_SIGNATURE_FILE),
      ],
      { input: fs.readFileSync(path.join(dir, SEAL_FILE)) },
    );
  });
});
