import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Runs the headless CLI as an engineer would, and reads its --json event lines. */

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  status: number | null;
  runId?: string;
  outcome?: string;
  events: Array<Record<string, unknown>>;
  /** Steps that finished with status "succeeded" or were skipped by `unless`, or manual steps ticked. */
  doneSteps: string[];
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'electron/cli/main.ts'), ...args],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
  );
  const events: Array<Record<string, unknown>> = [];
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      events.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not an event line
    }
  }
  const started = events.find((e) => e.type === 'run-started');
  const finished = events.find((e) => e.type === 'run-finished');
  const doneSteps = events
    .filter(
      (e) =>
        (e.type === 'step-finished' && e.status === 'succeeded') ||
        (e.type === 'step-skipped' && e.by === 'unless') ||
        e.type === 'manual-step-ticked',
    )
    .map((e) => String(e.step));
  return {
    status: result.status,
    runId: started ? String(started.runId) : undefined,
    outcome: finished ? String(finished.outcome) : undefined,
    events,
    doneSteps,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

/** The output of a step as the journal recorded it (finished event), for reading printed values. */
export function stepOutput(run: CliRun, step: string): string {
  const event = run.events.find((e) => e.type === 'step-finished' && e.step === step);
  return event && typeof event.output === 'string' ? event.output : '';
}

/** A readable summary of a failed run for the assertion message. */
export function describeRun(run: CliRun): string {
  const failed = run.events.filter((e) => e.type === 'step-finished' && e.status !== 'succeeded');
  return [
    `exit ${run.status}, outcome ${run.outcome}`,
    ...failed.map(
      (e) => `step ${String(e.step)} ${String(e.status)}:\n${String(e.output ?? '').slice(-3000)}`,
    ),
    run.stderr.slice(-3000),
  ].join('\n');
}

export function writeInventory(
  file: string,
  servers: Record<string, { host: string; port: number; user: string; keyPath: string }>,
): void {
  const lines = ['servers:'];
  for (const [role, s] of Object.entries(servers)) {
    lines.push(
      `  ${role}:`,
      `    host: ${s.host}`,
      `    port: ${s.port}`,
      `    user: ${s.user}`,
      '    auth: key',
      `    keyPath: ${s.keyPath}`,
    );
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}
