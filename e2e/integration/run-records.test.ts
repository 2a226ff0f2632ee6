import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  REPO,
  finished,
  fixtureRunArgs,
  jsonLines,
  runCli,
  spawnCli,
  startCliLab,
  type CliLab,
} from './cli-helpers';
import { reportSchema } from '../../electron/core/run/report-schema';
import {
  editTranscript,
  forgeFinalEvent,
  rechainEverything,
  removeSignature,
  resealWithKey,
} from './record-attacks';

const NAMESPACE = 'oc-pizzas-runbook-run@v1';
const INDEPENDENT = path.join(REPO, 'e2e/verify-record.mjs');

/** Each attack on its own copy of a real run: `<tmp>/runs/<id>` and the install key's allowed_signers. */
function copyRun(env: CliLab, runId: string): { dataDir: string; dir: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-records-'));
  const dir = path.join(dataDir, 'runs', runId);
  fs.cpSync(path.join(env.dataDir, 'runs', runId), dir, { recursive: true });
  fs.copyFileSync(path.join(env.dataDir, 'allowed_signers'), path.join(dataDir, 'allowed_signers'));
  copies.push(dataDir);
  return { dataDir, dir };
}
const copies: string[] = [];

/**
 * `runbook verify --json`, and the independent verifier written from docs/run-records.md alone
 * (e2e/verify-record.mjs): every answer in this file is checked to be the same from both.
 */
async function verify(dataDir: string, runId: string, ...extra: string[]) {
  const result = await runCli(['verify', runId, '--json', ...extra], dataDir);
  const json = jsonLines(result.stdout)[0] as {
    state: string;
    unsignedReason?: string;
    problems: Array<{ message: string }>;
  };
  const allowed = extra[0] === '--allowed-signers' ? String(extra[1]) : path.join(dataDir, 'allowed_signers');
  const independent = spawnSync(
    process.execPath,
    [INDEPENDENT, path.join(dataDir, 'runs', runId), allowed, '--json'],
    { encoding: 'utf8' },
  );
  const theirs = JSON.parse(independent.stdout) as { state: string; unsignedReason?: string };
  expect({ code: independent.status, state: theirs.state, reason: theirs.unsignedReason }).toEqual({
    code: result.code,
    state: json.state,
    reason: json.unsignedReason,
  });
  return { code: result.code, ...json, text: json.problems.map((p) => p.message).join('\n') };
}

/**
 * The documented check (docs/run-records.md), run exactly as a reader of the doc would: on seal.json, or, for
 * a run killed while sealing, on seal.json.tmp when that is what the signature is for.
 */
function plainSshKeygenVerify(dir: string, allowedSigners: string) {
  const check = (sealName: string) => {
    const seal = fs.readFileSync(path.join(dir, sealName));
    const principal = (JSON.parse(seal.toString()) as { signer: { principal: string } }).signer.principal;
    const sig = path.join(dir, 'seal.json.sig');
    return spawnSync(
      'ssh-keygen',
      ['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', NAMESPACE, '-s', sig],
      { input: seal, encoding: 'utf8' },
    );
  };
  const plain = check('seal.json');
  return plain.status !== 0 && fs.existsSync(path.join(dir, 'seal.json.tmp'))
    ? check('seal.json.tmp')
    : plain;
}

describe('signed run records (CLI) against the SSH lab, and attacks on them', () => {
  let env: CliLab;
  let runId: string;
  let killedId: string;
  let killedCopy: { dataDir: string; dir: string };
  /** The file the killed run's `attente` step waits for; made before its resume so the step can end. */
  const gate = `/tmp/rb-gate-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    env = await startCliLab();
    const result = await runCli(
      fixtureRunArgs('lab-smoke', env.inventoryFile, '--yes', '--accept-host-key', '--json'),
      env.dataDir,
    );
    expect(result.code, result.stderr).toBe(0);
    runId = String(jsonLines(result.stdout).at(-1)?.runId);

    // A second run killed (SIGKILL) while its `attente` step waits for a file that never comes.
    try {
      const child = spawnCli(
        fixtureRunArgs('lab-smoke', env.inventoryFile, '--yes', '--json', '--var', `gate=${gate}`),
        env.dataDir,
      );
      const done = finished(child);
      await vi.waitFor(() => expect(fs.existsSync(`${gate}.debut`)).toBe(true), {
        timeout: 60_000,
        interval: 50,
      });
      child.kill('SIGKILL');
      const killed = await done;
      killedId = String(jsonLines(killed.stdout)[0]?.runId);
      killedCopy = copyRun(env, killedId);
    } finally {
      fs.rmSync(`${gate}.debut`, { force: true });
    }
  });

  afterAll(async () => {
    fs.rmSync(gate, { force: true });
    for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
    await env?.cleanup();
  });

  it('an untouched run is signed by the install key, and plain ssh-keygen -Y verify accepts its seal', async () => {
    const dir = path.join(env.dataDir, 'runs', runId);
    expect(fs.readdirSync(dir)).toEqual(expect.arrayContaining(['seal.json', 'seal.json.sig']));
    const result = await verify(env.dataDir, runId);
    expect(result).toMatchObject({ code: 0, state: 'signed', problems: [] });
    const human = await runCli(['verify', runId], env.dataDir);
    expect(human.stdout).toMatch(/^SIGNED by runbook-install@\S+ \(SHA256:[A-Za-z0-9+/]+\) and intact/m);
    const plain = plainSshKeygenVerify(dir, path.join(env.dataDir, 'allowed_signers'));
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^Good "oc-pizzas-runbook-run@v1" signature for runbook-install@/);
    const seal = JSON.parse(fs.readFileSync(path.join(dir, 'seal.json'), 'utf8'));
    expect(seal).toMatchObject({ runId, finished: true, reason: 'finished' });
    expect(seal.transcripts.map((t: { file: string }) => t.file)).toEqual([
      'app.cast',
      'db.cast',
      'web.cast',
    ]);
    const report = await runCli(['report', runId], env.dataDir);
    expect(report.stdout).toMatch(/- \*\*Record\*\*: SIGNED by runbook-install@/);
    // The JSON report of a real run validates against the published, versioned schema.
    const json = JSON.parse((await runCli(['report', runId, '--format', 'json'], env.dataDir)).stdout);
    expect(reportSchema.safeParse(json).error?.issues).toBeUndefined();
    expect(json).toMatchObject({ schemaVersion: 2, verification: { state: 'signed' } });
  });

  it('the 0600 file step (config-app) journals its diff masked: line numbers and hashes, no content', () => {
    const events = fs
      .readFileSync(path.join(env.dataDir, 'runs', runId, 'journal.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; step?: string; diff?: string });
    const diff = events.find((e) => e.type === 'file-diff' && e.step === 'config-app')?.diff ?? '';
    expect(diff).toMatch(/^@@ -0,0 \+1,3 @@$/m);
    expect(diff.match(/^\+\[masked\] sha256:[0-9a-f]{16}$/gm)).toHaveLength(3);
    expect(diff).not.toMatch(/name = |token = |\[site\]/);
  });

  it('a killed run is signed up to its last checkpoint; only what came after is reported; a resume seals all', async () => {
    const dir = path.join(env.dataDir, 'runs', killedId);
    const plain = plainSshKeygenVerify(dir, path.join(env.dataDir, 'allowed_signers'));
    expect(plain.status, `${plain.stderr}\n${fs.readdirSync(dir).join(' ')}`).toBe(0);
    const before = await verify(env.dataDir, killedId);
    // Whether the kill landed before or after the last checkpoint's signature is a race; either way the
    // only problems may be what was written after the last seal.
    for (const p of before.problems)
      expect(p.message).toMatch(/after the signed head|after the \d+ sealed|written after the last seal/);
    expect(before.state).toBe(before.problems.length ? 'broken' : 'signed');

    fs.writeFileSync(gate, '');
    const resumed = await runCli(
      fixtureRunArgs('lab-smoke', env.inventoryFile, '--yes', '--json', '--resume', killedId),
      env.dataDir,
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await verify(env.dataDir, killedId)).toMatchObject({ code: 0, state: 'signed', problems: [] });
    const resumedEvent = jsonLines(resumed.stdout).find((l) => l.type === 'run-resumed');
    if (before.problems.length) expect(resumedEvent?.unsignedBefore).toBeDefined();
  });

  it('a forged run-finished appended to the killed run is broken (exit 1), and history does not call it good', async () => {
    forgeFinalEvent(killedCopy.dir);
    const result = await verify(killedCopy.dataDir, killedId);
    expect(result).toMatchObject({ code: 1, state: 'broken' });
    expect(result.text).toMatch(/written after journal.head/);
    expect(result.text).toMatch(/after the signed head/);
    const history = jsonLines((await runCli(['history', '--json'], killedCopy.dataDir)).stdout);
    expect(history[0]).toMatchObject({
      runId: killedId,
      outcome: 'succeeded',
      verified: false,
      record: { state: 'broken' },
    });
    const human = await runCli(['history'], killedCopy.dataDir);
    expect(human.stdout).toMatch(/succeeded .* BROKEN \(/);
  });

  it('a full re-chain (output, operator, journal.head and app.cast rewritten) is broken', async () => {
    const { dataDir, dir } = copyRun(env, runId);
    rechainEverything(dir);
    const result = await verify(dataDir, runId);
    expect(result).toMatchObject({ code: 1, state: 'broken' });
    expect(result.text).toMatch(/does not match the signed head in seal.json/);
    expect(result.text).toMatch(/app.cast differs from its hash in seal.json/);
  });

  it('an edited transcript is broken', async () => {
    const { dataDir, dir } = copyRun(env, runId);
    editTranscript(dir);
    const result = await verify(dataDir, runId);
    expect(result).toMatchObject({ code: 1, state: 'broken' });
    expect(result.text).toBe('app.cast differs from its hash in seal.json: it was changed');
  });

  it('a run killed between the renames of its seal is signed by the seal its signature is for (both verifiers)', async () => {
    const { dataDir, dir } = copyRun(env, runId);
    // What the sealer leaves when killed there: the new signature in place, its seal still in seal.json.tmp.
    const sealFile = path.join(dir, 'seal.json');
    const sealed = fs.readFileSync(sealFile, 'utf8');
    fs.writeFileSync(`${sealFile}.tmp`, sealed);
    fs.writeFileSync(sealFile, sealed.replace('"finished": true', '"finished": false'));
    expect(fs.readFileSync(sealFile, 'utf8')).not.toBe(sealed); // the previous seal differs from the new one
    expect(await verify(dataDir, runId)).toMatchObject({ code: 0, state: 'signed', problems: [] });
    expect(plainSshKeygenVerify(dir, path.join(dataDir, 'allowed_signers')).status).toBe(0);
  });

  it('a removed signature is unsigned (exit 3), never signed', async () => {
    const { dataDir, dir } = copyRun(env, runId);
    removeSignature(dir);
    expect(await verify(dataDir, runId)).toMatchObject({
      code: 3,
      state: 'unsigned',
      unsignedReason: 'no-signature',
    });
    const human = await runCli(['verify', runId], dataDir);
    expect(human.stdout).toMatch(/INTACT but UNSIGNED/);
  });

  it('a forgery re-sealed with a key not allowed is unsigned (exit 3), also once the attacker trusts it in the data dir', async () => {
    const { dataDir, dir } = copyRun(env, runId);
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-mallory-'));
    copies.push(keyDir);
    const key = path.join(keyDir, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'mallory', '-f', key]);
    const install = JSON.parse(fs.readFileSync(path.join(dir, 'seal.json'), 'utf8')).signer
      .principal as string;
    resealWithKey(dir, key, install);
    expect(await verify(dataDir, runId)).toMatchObject({
      code: 3,
      state: 'unsigned',
      unsignedReason: 'key-not-allowed',
    });
    expect(plainSshKeygenVerify(dir, path.join(dataDir, 'allowed_signers')).status).not.toBe(0);
    // The data dir's allowed_signers is only as safe as the data dir: a copy kept elsewhere is not.
    const kept = path.join(keyDir, 'allowed_signers');
    fs.copyFileSync(path.join(dataDir, 'allowed_signers'), kept);
    const pub = fs
      .readFileSync(key + '.pub', 'utf8')
      .split(' ')
      .slice(0, 2)
      .join(' ');
    fs.appendFileSync(path.join(dataDir, 'allowed_signers'), `${install} namespaces="${NAMESPACE}" ${pub}\n`);
    expect(await verify(dataDir, runId, '--allowed-signers', kept)).toMatchObject({
      code: 3,
      state: 'unsigned',
    });
  });
  it("--sign-key signs with the operator's own key: a key file, or a .pub whose key is in an ssh-agent", async () => {
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-operator-'));
    copies.push(keyDir);
    const key = path.join(keyDir, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'alice', '-f', key]);
    const allowed = path.join(keyDir, 'allowed_signers');
    const pub = fs
      .readFileSync(key + '.pub', 'utf8')
      .split(' ')
      .slice(0, 2)
      .join(' ');
    fs.writeFileSync(allowed, `alice@lab namespaces="${NAMESPACE}" ${pub}\n`);
    const only = ['--only', 'preparer-app', '--json', '--operator', 'alice@lab'];

    const byFile = await runCli(
      fixtureRunArgs('lab-smoke', env.inventoryFile, ...only, '--sign-key', key),
      env.dataDir,
    );
    expect(byFile.code, byFile.stderr).toBe(0);
    const fileRun = String(jsonLines(byFile.stdout).at(-1)?.runId);
    expect(await verify(env.dataDir, fileRun, '--allowed-signers', allowed)).toMatchObject({
      code: 0,
      state: 'signed',
      principal: 'alice@lab',
    });
    expect(plainSshKeygenVerify(path.join(env.dataDir, 'runs', fileRun), allowed).status).toBe(0);

    // The private half only in an agent (started here, stopped by its pid): ssh-keygen signs through it.
    const socket = path.join(keyDir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    const saved = process.env.SSH_AUTH_SOCK;
    try {
      await vi.waitFor(() => expect(fs.existsSync(socket)).toBe(true), { timeout: 10_000, interval: 20 });
      execFileSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
      fs.renameSync(key, key + '.moved'); // the key file is gone: only the agent can sign
      process.env.SSH_AUTH_SOCK = socket;
      const byAgent = await runCli(
        fixtureRunArgs('lab-smoke', env.inventoryFile, ...only, '--sign-key', key + '.pub'),
        env.dataDir,
      );
      expect(byAgent.code, byAgent.stderr).toBe(0);
      const agentRun = String(jsonLines(byAgent.stdout).at(-1)?.runId);
      expect(await verify(env.dataDir, agentRun, '--allowed-signers', allowed)).toMatchObject({
        code: 0,
        state: 'signed',
      });
      // Against the data dir's allowed_signers (install key only) the same run is unsigned, not signed.
      expect(await verify(env.dataDir, agentRun)).toMatchObject({
        code: 3,
        unsignedReason: 'key-not-allowed',
      });
    } finally {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
      agent.kill('SIGTERM');
    }
  });

  it('a --sign-key that cannot sign refuses the run before anything runs (exit 2)', async () => {
    const result = await runCli(
      fixtureRunArgs(
        'lab-smoke',
        env.inventoryFile,
        '--only',
        'preparer-app',
        '--sign-key',
        '/nonexistent/key',
      ),
      env.dataDir,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot sign this run as asked/);
  });
});
