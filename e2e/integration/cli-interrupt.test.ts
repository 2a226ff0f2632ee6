import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  finished,
  fixtureRunArgs,
  jsonLines,
  runCli,
  spawnCli,
  startCliLab,
  type CliLab,
} from './cli-helpers';

/** A file the fixture's `attente` step waits for; it touches `<gate>.debut` once it is running. */
function newGate(): { gate: string; started: string; cleanup(): void } {
  const gate = `/tmp/rb-gate-${randomBytes(6).toString('hex')}`;
  return {
    gate,
    started: `${gate}.debut`,
    cleanup: () => {
      fs.rmSync(gate, { force: true });
      fs.rmSync(`${gate}.debut`, { force: true });
    },
  };
}

async function waitForFile(file: string): Promise<void> {
  await vi.waitFor(() => expect(fs.existsSync(file)).toBe(true), { timeout: 60_000, interval: 50 });
}

describe('interrupted runs (CLI) against the SSH lab', () => {
  let env: CliLab;
  const runArgs = (inventory: string, gate: string) =>
    fixtureRunArgs('lab-smoke', inventory, '--yes', '--accept-host-key', '--json', '--var', `gate=${gate}`);

  beforeAll(async () => {
    env = await startCliLab();
  });

  afterAll(async () => {
    await env?.cleanup();
  });

  it('a connection dropped mid-step: exit 1, journal verifies, and --resume finishes the run', async () => {
    const gate = newGate();
    try {
      const child = spawnCli(runArgs(env.inventoryFile, gate.gate), env.dataDir);
      const done = finished(child);
      await waitForFile(gate.started);
      env.lab.server('web').kill();
      const first = await done;
      expect(first.code, first.stderr).toBe(1);
      const lines = jsonLines(first.stdout);
      const runId = String(lines.at(-1)?.runId);
      expect(lines.find((l) => l.type === 'step-finished' && l.step === 'attente')).toMatchObject({
        status: 'interrupted',
        exitCode: null,
      });
      expect(lines.find((l) => l.type === 'run-finished')).toMatchObject({ outcome: 'interrupted' });
      expect((await runCli(['verify', runId], env.dataDir)).code).toBe(0);

      await env.lab.server('web').restart();
      fs.writeFileSync(gate.gate, '');
      const resumed = await runCli(
        fixtureRunArgs('lab-smoke', env.inventoryFile, '--yes', '--json', '--resume', runId),
        env.dataDir,
      );
      expect(resumed.code, resumed.stderr).toBe(0);
      const again = jsonLines(resumed.stdout);
      expect(again[0]).toMatchObject({ type: 'run-resumed', fromStep: 'attente' });
      // Steps done before the drop are not run again.
      expect(again.filter((l) => l.type === 'step-started').map((l) => l.step)).toEqual([
        'attente',
        'publier-web',
        'nettoyer',
      ]);
      expect(again.at(-1)).toMatchObject({ type: 'summary', runId, state: 'finished' });

      const verify = await runCli(['verify', runId], env.dataDir);
      expect(verify.code, verify.stdout).toBe(0);
      const report = JSON.parse((await runCli(['report', runId, '--format', 'json'], env.dataDir)).stdout);
      expect(report.outcome).toBe('succeeded');
      expect(report.resumes).toEqual([expect.objectContaining({ fromStep: 'attente' })]);
      expect(fs.existsSync(`${env.dataDir}/runs/${runId}/web.2.cast`)).toBe(true);
    } finally {
      gate.cleanup();
    }
  });

  it('Ctrl-C (SIGINT) mid-step: the step is cancelled, the run ends aborted, exit 130', async () => {
    const gate = newGate();
    try {
      const child = spawnCli(runArgs(env.inventoryFile, gate.gate), env.dataDir);
      const done = finished(child);
      await waitForFile(gate.started);
      child.kill('SIGINT');
      const result = await done;
      expect(result.code, result.stderr).toBe(130);
      const lines = jsonLines(result.stdout);
      expect(lines.find((l) => l.type === 'step-finished' && l.step === 'attente')).toMatchObject({
        status: 'failed',
        cancelled: true,
      });
      expect(lines.filter((l) => l.type === 'run-finished')).toEqual([
        expect.objectContaining({ outcome: 'aborted', reason: 'interrupted by Ctrl-C (SIGINT)' }),
      ]);
      const runId = String(lines.at(-1)?.runId);
      expect((await runCli(['verify', runId], env.dataDir)).code).toBe(0);
    } finally {
      gate.cleanup();
    }
  });

  it('a CLI killed mid-run (SIGKILL during a sleep): signed up to its last checkpoint, history shows it interrupted', async () => {
    const gate = newGate();
    try {
      const child = spawnCli(runArgs(env.inventoryFile, gate.gate), env.dataDir);
      const done = finished(child);
      await waitForFile(gate.started);
      child.kill('SIGKILL');
      const result = await done;
      expect(result.signal).toBe('SIGKILL');
      const runId = String(jsonLines(result.stdout)[0]?.runId);
      expect(runId).toMatch(/lab-smoke/);

      // Signed up to its last checkpoint: whether the kill landed before or after that checkpoint's
      // signature is a race, so the only problems allowed are what was written after the last seal
      // (docs/run-records.md); e2e/integration/run-records.test.ts attacks such a record.
      const verify = await runCli(['verify', runId, '--json'], env.dataDir);
      const verdict = jsonLines(verify.stdout)[0] as { state: string; problems: Array<{ message: string }> };
      for (const p of verdict.problems)
        expect(p.message).toMatch(/after the signed head|after the \d+ sealed|written after the last seal/);
      expect(verify.code).toBe(verdict.problems.length ? 1 : 0);
      const history = jsonLines((await runCli(['history', '--json'], env.dataDir)).stdout);
      expect(history.find((r) => r.runId === runId)).toMatchObject({
        outcome: 'interrupted',
        record: { state: verdict.state },
      });
      const human = await runCli(['history'], env.dataDir);
      expect(human.stdout).toMatch(new RegExp(`${runId}\\s+lab-smoke\\s+interrupted`));
    } finally {
      gate.cleanup();
    }
  });
});
