import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../../electron/core/vault/keychain-store';
import { KEYCHAIN_SERVICE, secretAccounts } from '../../electron/core/vault/secret-store';
import { filesContaining, fixtureRunArgs, jsonLines, runCli, startCliLab, type CliLab } from './cli-helpers';

const STEPS = [
  'preparer-app',
  'config-app',
  'controle-config',
  'init-db',
  'init-db-encore',
  'attente',
  'publier-web',
  'manual-verifier-dans-un-navigateur-que-la-page',
  'nettoyer',
];

describe('runbook run (CLI) against the SSH lab', () => {
  let env: CliLab;
  let runId: string;
  let stdout: string;
  let stderr: string;

  beforeAll(async () => {
    env = await startCliLab();
    const result = await runCli(
      fixtureRunArgs('lab-smoke', env.inventoryFile, '--yes', '--accept-host-key', '--json'),
      env.dataDir,
    );
    ({ stdout, stderr } = result);
    expect(result.code, stderr).toBe(0);
    const summary = jsonLines(stdout).at(-1);
    runId = String(summary?.runId);
  });

  afterAll(async () => {
    await env?.cleanup();
  });

  it('runs every step on the three servers and prints one JSON object per event, then a summary', () => {
    const lines = jsonLines(stdout);
    expect(lines.at(0)).toMatchObject({ type: 'run-started', runbookId: 'lab-smoke', runId });
    expect(lines.at(-2)).toMatchObject({ type: 'run-finished', outcome: 'succeeded' });
    expect(lines.at(-1)).toMatchObject({ type: 'summary', state: 'finished', exitCode: 0 });
    const connected = lines.filter((l) => l.type === 'server-connected').map((l) => l.role);
    expect(connected.sort()).toEqual(['app', 'db', 'web']);
    const skipped = lines.find((l) => l.type === 'step-skipped');
    expect(skipped).toMatchObject({ step: 'init-db-encore', by: 'unless' });
    expect(lines.find((l) => l.type === 'file-diff')).toMatchObject({ step: 'config-app', changed: true });
    expect(lines.find((l) => l.type === 'manual-step-ticked')).toMatchObject({ by: 'cli --yes' });
    expect(stderr).toContain('auto-ticked');
  });

  it('accepts unknown host keys only with --accept-host-key, printing the fingerprints ssh-keygen gives', () => {
    for (const role of ['app', 'db', 'web']) {
      expect(stderr).toContain(env.lab.server(role).hostKeyFingerprint);
    }
    const knownHosts = fs.readFileSync(path.join(env.dataDir, 'known_hosts'), 'utf8');
    expect(knownHosts.trim().split('\n')).toHaveLength(3);
  });

  it('journals, for each server, the fingerprint of the host key it presented', () => {
    const connected = jsonLines(stdout).filter((l) => l.type === 'server-connected');
    expect(connected).toHaveLength(3);
    for (const event of connected) {
      expect(event.fingerprint).toBe(env.lab.server(String(event.role)).hostKeyFingerprint);
    }
  });

  it('journals the key the server presented, not every key known_hosts holds for it', async () => {
    // A known key of another type for the same host: the connection uses the lab's key, and the journal
    // must say which one (reading known_hosts back would name both).
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-cli-known-'));
    try {
      const app = env.lab.server('app');
      const knownHosts = fs.readFileSync(path.join(env.dataDir, 'known_hosts'), 'utf8');
      const otherKey = Buffer.from('another key of another type').toString('base64');
      fs.writeFileSync(
        path.join(dataDir, 'known_hosts'),
        `${knownHosts}[${app.host}]:${app.port} ecdsa-sha2-nistp256 ${otherKey}\n`,
      );
      const result = await runCli(
        fixtureRunArgs('lab-smoke', env.inventoryFile, '--only', 'preparer-app', '--json'),
        dataDir,
      );
      expect(result.code, result.stderr).toBe(0);
      const connected = jsonLines(result.stdout).filter((l) => l.type === 'server-connected');
      expect(connected).toEqual([
        expect.objectContaining({ role: 'app', fingerprint: app.hostKeyFingerprint }),
      ]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('report shows every step with its status, exit code and duration', async () => {
    const md = await runCli(['report', runId], env.dataDir);
    expect(md.code).toBe(0);
    for (const step of STEPS) expect(md.stdout).toMatch(new RegExp(`\\| ${step} .*\\|`));
    expect(md.stdout).toContain('**succeeded**');
    expect(md.stdout).toMatch(/- \*\*Record\*\*: SIGNED by runbook-install@\S+ \(SHA256:/);
    expect(md.stdout).toMatch(/\| controle-config \(1\) \| app \| ✅ succeeded \| 0 \| \d+ ms \|/);
    expect(md.stdout).toContain('| api_token | [secret] |');

    const json = await runCli(['report', runId, '--format', 'json'], env.dataDir);
    const report = JSON.parse(json.stdout) as { outcome: string; steps: Array<Record<string, unknown>> };
    expect(report.outcome).toBe('succeeded');
    expect(report.steps.map((s) => s.name)).toEqual(STEPS);
    for (const step of report.steps.filter((s) => s.kind !== 'manual' && s.status === 'succeeded')) {
      expect(step.exitCode).toBe(0);
      expect(typeof step.durationMs).toBe('number');
    }
    expect(report.steps.find((s) => s.name === 'controle-config')?.output).toContain('token = ••••••');

    // The app's HTML export, from the CLI too: one page, the record's state, every step, no secret.
    const html = await runCli(['report', runId, '--format', 'html'], env.dataDir);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>/i);
    expect(html.stdout).toContain('data-record="signed"');
    for (const step of STEPS) expect(html.stdout).toContain(step);
    expect(html.stdout).toContain('token = ••••••');
  });

  it('verify passes and history lists the run as succeeded', async () => {
    const verify = await runCli(['verify', runId], env.dataDir);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^SIGNED by runbook-install@/m);
    const history = await runCli(['history', '--json'], env.dataDir);
    expect(jsonLines(history.stdout)).toEqual([
      expect.objectContaining({ runId, outcome: 'succeeded', verified: true }),
    ]);
  });

  it('writes no secret anywhere under the data dir: neither the server password nor the generated one', async () => {
    const generated = await new KeychainSecretStore().get(
      KEYCHAIN_SERVICE,
      secretAccounts.variable('lab-smoke', 'api_token'),
    );
    expect(generated).toMatch(/^[A-Za-z0-9._-]{24}$/);
    const files = fs.readdirSync(path.join(env.dataDir, 'runs', runId));
    expect(files).toEqual(expect.arrayContaining(['journal.jsonl', 'app.cast', 'db.cast', 'web.cast']));
    expect(filesContaining(env.dataDir, generated!)).toEqual([]);
    expect(filesContaining(env.dataDir, env.password)).toEqual([]);
    // The secret did reach the server (the check step printed it), and was masked in the transcript.
    expect(fs.readFileSync(path.join(env.dataDir, 'runs', runId, 'app.cast'), 'utf8')).toContain(
      'token = ••••••',
    );
  });
});
