import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_RUNBOOKS, fixtureRunArgs, jsonLines, runCli, startCliLab, type CliLab } from './cli-helpers';

describe('runbook CLI: bad input exits 2 naming what is wrong', () => {
  let env: CliLab;
  const run = (...extra: string[]) =>
    runCli(fixtureRunArgs('lab-smoke', env.inventoryFile, ...extra), env.dataDir);

  beforeAll(async () => {
    env = await startCliLab();
  });

  afterAll(async () => {
    await env?.cleanup();
  });

  it('a --var that does not match its pattern names the variable, and nothing is recorded', async () => {
    const result = await run('--var', 'site=Pas Bon!', '--yes');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('site');
    expect(result.stderr).toContain('^[a-z0-9-]+$');
    expect(fs.existsSync(path.join(env.dataDir, 'runs'))).toBe(false);
  });

  it('a --var the runbook does not have is refused', async () => {
    const result = await run('--var', 'domaine=x');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"domaine"');
  });

  it('an unknown runbook is named', async () => {
    const result = await runCli(fixtureRunArgs('pas-de-runbook', env.inventoryFile), env.dataDir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown runbook "pas-de-runbook"');
  });

  it('an inventory error names the file, line and field', async () => {
    const bad = path.join(env.dataDir, 'bad-inventory.yaml');
    fs.writeFileSync(bad, 'servers:\n  app: { host: 127.0.0.1, port: 99999, user: rblab, auth: agent }\n');
    const result = await runCli(fixtureRunArgs('lab-smoke', bad), env.dataDir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-inventory\.yaml:2:\d+: servers\.app\.port/);
  });

  it('an unknown host key is refused without --accept-host-key', async () => {
    const result = await run('--yes', '--json');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(env.lab.server('app').hostKeyFingerprint);
    expect(result.stderr).toContain('--accept-host-key');
    expect(fs.existsSync(path.join(env.dataDir, 'known_hosts'))).toBe(false);
  });

  it('a confirm step without --yes (and no terminal) stops with exit 2 naming the step', async () => {
    const result = await run('--from', 'publier-web', '--accept-host-key', '--json');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('publier-web needs confirmation');
    const lines = jsonLines(result.stdout);
    expect(lines.filter((l) => l.type === 'step-skipped').length).toBe(6);
    expect(lines.some((l) => l.type === 'step-started')).toBe(false);
    expect(lines.find((l) => l.type === 'run-finished')).toMatchObject({ outcome: 'aborted' });
  });

  it('usage errors: a missing --inventory, an unknown option', async () => {
    const noInventory = await runCli(['--runbooks', FIXTURE_RUNBOOKS, 'run', 'lab-smoke'], env.dataDir);
    expect(noInventory.code).toBe(2);
    expect(noInventory.stderr).toContain('--inventory');
    const unknown = await runCli(['history', '--bogus'], env.dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--bogus');
  });
});
