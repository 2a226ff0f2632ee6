import { connectServer } from '../electron/core/ssh/index';
import { prepareRun } from '../electron/core/run/runner';
import type { RunEvent } from '../electron/core/run/events';
import type { ServerRole } from '../electron/core/runbook/model';
import type { BenchLab } from './lab-env';
import { benchRunbook } from './runbook-source';
import { median } from './stats';
import { measured, type Result } from './table';

/**
 * Figure 3: from "run" (engine.runNext) to the step's step-finished event (journaled: it is on disk when
 * listeners see it), for a trivial step on an already-open session, through the real runner (journal,
 * transcript, redaction). Reference: a bare ssh2 exec of `true` on an already-open connection.
 */
export async function benchStepLatency(env: BenchLab, steps: number): Promise<Result> {
  const server = env.inventory.app!;
  const conn = await connectServer(server, env.connectOptions);
  const bare: number[] = [];
  try {
    await conn.exec('true'); // warm-up
    for (let i = 0; i < steps; i++) {
      const start = performance.now();
      const r = await conn.exec('true');
      bare.push(performance.now() - start);
      if (r.exitCode !== 0) throw new Error(`bare exec of true exited ${r.exitCode}`);
    }
  } finally {
    await conn.close();
  }

  const names = Array.from({ length: steps + 1 }, (_, i) => `s${i}`);
  const runbook = benchRunbook(
    'step-latency',
    ['app'],
    names.map((name) => ({ name, target: 'app', body: 'true' })),
  );
  const run = await prepareRun(runOptions(env, runbook));
  const engine = run.engine;
  const timings: number[] = [];
  try {
    await run.start();
    await engine.runNext(); // s0 opens the connection and the shell: not timed
    for (const name of names.slice(1)) {
      const start = performance.now();
      const finished = nextEvent(
        engine.onEvent.bind(engine),
        (e) => e.type === 'step-finished' && e.step === name,
      );
      await engine.runNext();
      const event = await finished;
      timings.push(performance.now() - start);
      if (event.type !== 'step-finished' || event.status !== 'succeeded')
        throw new Error(`step ${name} did not succeed`);
    }
  } finally {
    await run.close();
  }
  return {
    id: '3',
    title: `Step latency, median of ${steps} \`true\` steps`,
    figure: measured(median(timings), 'ms'),
    reference: { label: 'ssh2 exec', quantity: measured(median(bare), 'ms') },
    target: 'stepLatency',
  };
}

/**
 * Figure 4: the same check on four servers at once. One "check" = a run of a one-step check runbook from
 * prepare to close (connect, shell, step, journal): what checking a server costs the engineer. The check
 * waits on the server (`sleep`, like systemctl or pg_isready would) rather than burning CPU, since the four
 * lab servers share this machine's two cores.
 */
export async function benchFanOut(env: BenchLab, rounds: number): Promise<Result> {
  const roles = Object.keys(env.inventory) as ServerRole[];
  // Resolves with the time from prepare to the check's result; the run is closed afterwards, untimed
  // (closing a shell currently waits ~2 s for the PTY channel: see docs/bench.md).
  const check = async (
    role: ServerRole,
    started: number,
  ): Promise<{ ms: number; close(): Promise<void> }> => {
    const runbook = benchRunbook(
      `check-${role}`,
      [role],
      [{ name: 'check', target: role, body: 'sleep 0.2; uptime; df -P / > /dev/null', check: true }],
    );
    const run = await prepareRun(runOptions(env, runbook));
    try {
      await run.start();
      const state = await run.engine.runUntilPause();
      if (state !== 'finished') throw new Error(`the check on ${role} ended ${state}`);
      return { ms: performance.now() - started, close: () => run.close() };
    } catch (error) {
      await run.close();
      throw error;
    }
  };
  const single = new Map<ServerRole, number[]>(roles.map((r) => [r, []]));
  const together: number[] = [];
  await (await check(roles[0]!, performance.now())).close(); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const role of roles) {
      const done = await check(role, performance.now());
      single.get(role)!.push(done.ms);
      await done.close();
    }
    const start = performance.now();
    const all = await Promise.allSettled(roles.map((role) => check(role, start)));
    await Promise.all(all.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
    const failed = all.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    together.push(Math.max(...all.map((r) => (r as PromiseFulfilledResult<{ ms: number }>).value.ms)));
  }
  const slowest = Math.max(...[...single.values()].map(median));
  return {
    id: '4',
    title: `Fan-out: one check on ${roles.length} servers at once (median of ${rounds})`,
    figure: measured(median(together), 'ms'),
    reference: { label: 'slowest single', quantity: measured(slowest, 'ms') },
    target: 'fanOut',
    note: 'a check = prepareRun → connect → shell → `sleep 0.2; uptime; df` → journaled result, per server (close not timed).',
  };
}

export function runOptions(env: BenchLab, runbook: ReturnType<typeof benchRunbook>) {
  return {
    dataDir: env.dataDir,
    runbook,
    inventory: env.inventory,
    values: {},
    secrets: env.secrets,
    hostKeys: 'reject' as const,
    operator: 'bench',
  };
}

function nextEvent(
  on: (listener: (e: RunEvent) => void) => () => void,
  match: (e: RunEvent) => boolean,
): Promise<RunEvent> {
  return new Promise((resolve) => {
    const off = on((e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });
}
