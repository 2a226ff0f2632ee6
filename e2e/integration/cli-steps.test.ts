import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunArgs, jsonLines, runCli, startCliLab, type CliLab } from './cli-helpers';

/**
 * `lab-steps` on the lab: a step's recorded output is exactly its own bytes, a file step's owner and mode
 * come from variables, and --only / --to run part of a runbook.
 */
describe('runbook run: step output, templated file owner, --only and --to (CLI, SSH lab)', () => {
  let env: CliLab;

  beforeAll(async () => {
    env = await startCliLab();
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  const run = async (...extra: string[]) => {
    const result = await runCli(
      fixtureRunArgs('lab-steps', env.inventoryFile, '--accept-host-key', '--json', ...extra),
      env.dataDir,
    );
    const events = jsonLines(result.stdout);
    const finishedOf = (step: string) => events.find((e) => e.type === 'step-finished' && e.step === step);
    const ran = events.filter((e) => e.type === 'step-started').map((e) => e.step);
    return { ...result, events, finishedOf, ran, runId: String(events.at(-1)?.runId) };
  };

  it('records exactly what a step printed, and installs a file with its templated owner and mode', async () => {
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    // Only the bytes between the step's markers: no prompt, no title line.
    expect(r.finishedOf('bonjour')).toMatchObject({ status: 'succeeded', output: 'hello\r\n' });
    expect(r.finishedOf('fichier')).toMatchObject({ status: 'succeeded' });
    expect(r.finishedOf('controle-fichier')).toMatchObject({ output: 'daemon:daemon 640\r\n' });
    expect(r.events.at(-2)).toMatchObject({ type: 'run-finished', outcome: 'succeeded' });
  });

  it('--only runs just the named steps and journals the others as skipped with reason "--only"', async () => {
    const r = await run('--only', 'controle-base,bonjour');
    expect(r.code, r.stderr).toBe(0);
    expect(r.ran).toEqual(['bonjour', 'controle-base']); // runbook order, not the order given
    const skipped = r.events.filter((e) => e.type === 'step-skipped');
    expect(skipped.map((e) => [e.step, e.reason])).toEqual([
      ['preparer', '--only'],
      ['fichier', '--only'],
      ['controle-fichier', '--only'],
      ['nettoyer', '--only'],
    ]);
    expect(r.finishedOf('controle-base')).toMatchObject({ output: 'base joignable\r\n' });
    expect(r.events.at(-2)).toMatchObject({ type: 'run-finished', outcome: 'succeeded' });
  });

  it('--to stops after that step (outcome aborted, exit 0), and --resume continues from the next', async () => {
    const first = await run('--to', 'fichier');
    expect(first.code, first.stderr).toBe(0);
    expect(first.ran).toEqual(['preparer', 'bonjour', 'fichier']);
    expect(first.events.at(-2)).toMatchObject({
      type: 'run-finished',
      outcome: 'aborted',
      reason: 'stopped after step fichier, as asked (--to fichier)',
    });
    const report = JSON.parse(
      (await runCli(['report', first.runId, '--format', 'json'], env.dataDir)).stdout,
    );
    expect(report.outcome).toBe('aborted');
    expect(report.steps.map((s: { status: string }) => s.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'pending',
      'pending',
      'pending',
    ]);

    const rest = await run('--resume', first.runId);
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.ran).toEqual(['controle-fichier', 'controle-base', 'nettoyer']);
    expect(rest.finishedOf('controle-fichier')).toMatchObject({ output: 'daemon:daemon 640\r\n' });
    expect(rest.events.at(-2)).toMatchObject({ type: 'run-finished', outcome: 'succeeded' });
  });

  it('refuses --only or --to naming a step the runbook does not have, before connecting', async () => {
    const only = await run('--only', 'bonjour,nope');
    expect(only.code).toBe(2);
    expect(only.stderr).toContain('--only: the runbook has no step named "nope"');
    const to = await run('--to', 'ghost');
    expect(to.code).toBe(2);
    expect(to.stderr).toContain('--to: the runbook has no step named "ghost"');
    expect(only.events.concat(to.events)).toEqual([]);
  });
});
