import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { knownHostsPath } from '../electron/core/data-dir';
import { RunEngine } from '../electron/core/run/engine';
import type { RunEventBody } from '../electron/core/run/events';
import { engineStepsOf } from '../electron/core/run/plan-steps';
import { ConnectionPool } from '../electron/core/run/run-connections';
import { prepareRun } from '../electron/core/run/runner';
import { textRedactor } from '../electron/core/run/run-secrets';
import { bindRunbook } from '../electron/core/runbook/bind';
import { CORES } from './cpu-accounting';
import { fullPathCat, type FullPathCat } from './full-path';
import { runOptions } from './fig-steps';
import type { BenchLab } from './lab-env';
import { benchRunbook } from './runbook-source';
import { mbPerSecond, median } from './stats';
import { measured, notMeasured, type Quantity, type Result } from './table';

/** The text the lab server `cat`s: printable lines of 80 bytes. */
const LINE = 'oc-pizzas bench '.padEnd(79, '0123456789abcdefghijklmnopqrstuvwxyz');

export function writeCatFile(dir: string, bytes: number): string {
  const file = path.join(dir, `cat-${bytes}.txt`);
  const lines = Math.floor(bytes / (LINE.length + 1));
  const block = (LINE + '\n').repeat(10_000);
  const fd = fs.openSync(file, 'w', 0o644);
  try {
    for (let i = 0; i < Math.floor(lines / 10_000); i++) fs.writeSync(fd, block);
    fs.writeSync(fd, (LINE + '\n').repeat(lines % 10_000));
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/**
 * Figures 1 and 2 through the full path (full-path.ts): the app's run page in Chromium shows a run whose
 * step `cat`s the file on a lab server, with recording on (figure 1, against reference A: the same text
 * written straight into xterm.js in that page) and off (figure 2). Also measured, as their own rows:
 * reference B (OpenSSH) and the backend part of the path (ssh2 → runner → terminal listeners) with
 * recording on and off, which say where the full path loses time.
 */
export async function benchThroughput(
  env: BenchLab,
  repoRoot: string,
  bytes: number,
  rounds: number,
): Promise<Result[]> {
  const file = writeCatFile(env.scratch, bytes);
  const size = fs.statSync(file).size;
  const refB = openSshCat(env, file, size, rounds);
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < rounds; i++) {
    on.push(await backendCat(env, file, size, true));
    off.push(await backendCat(env, file, size, false));
  }
  const backendOn = measured(median(on), 'MB/s');
  const backendOff = measured(median(off), 'MB/s');
  // A failure of the full path is reported on its rows (1, 2); the references and backend rows stand.
  const full = await fullPathCat(env, repoRoot, file, size, rounds, LINE).catch((error: unknown) => {
    process.stderr.write(`bench: figure 1, full path failed: ${(error as Error)?.stack ?? String(error)}\n`);
    return notMeasured(`error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  });
  const fullOn = 'on' in full ? measured(median(full.on), 'MB/s') : full;
  const fullOff = 'on' in full ? measured(median(full.off), 'MB/s') : full;
  const refA = 'on' in full ? measured(median(full.refA), 'MB/s') : full;
  const chars = 'on' in full ? full.chars : 0;
  const pane = 'on' in full && full.terminal ? `${full.terminal.cols}×${full.terminal.rows}` : '?';
  const mb = Math.round(size / 1e6);
  const list = (xs?: number[]) => (xs ?? []).map((x) => x.toFixed(1)).join(', ');
  return [
    {
      id: '1',
      title: `Terminal throughput, full path, cat ${mb} MB (median of ${rounds})`,
      figure: fullOn,
      reference: { label: 'A: xterm.js alone, same page', quantity: refA },
      target: 'throughput',
      note:
        `run page in Chromium, from the click on "run this step" to the step shown succeeded and xterm.js ` +
        `done parsing ${chars} characters; rounds ${list('on' in full ? full.on : undefined)} MB/s; ` +
        `A: ${pane} terminal in the same pane, rounds ${list('on' in full ? full.refA : undefined)} MB/s.`,
    },
    cpuRow('on' in full ? full.cpu : undefined),
    { id: '1-refB', title: `OpenSSH \`ssh host cat\` > /dev/null, ${mb} MB`, figure: refB },
    {
      id: '1-backend',
      title: `Backend part only: ssh2 → runner → terminal listeners, ${mb} MB`,
      figure: backendOn,
      reference: { label: 'B: OpenSSH', quantity: refB },
      note: 'not figure 1: no WebSocket, no browser. Shows where the transport side stands.',
    },
    {
      id: '2',
      title: `Recording overhead, full path (journal + transcript on), cat ${mb} MB`,
      figure: fullOn,
      reference: { label: 'recording off', quantity: fullOff },
      target: 'recordingOverhead',
      note:
        `off = bench/quiet-run.ts (same engine, SSH and redaction; no transcript, journal only its first ` +
        `line); rounds alternate on/off on the same host; off rounds ${list('off' in full ? full.off : undefined)} MB/s.`,
    },
    {
      id: '2-backend',
      title: 'Recording overhead, backend part only (journal + transcript on)',
      figure: backendOn,
      reference: { label: 'recording off', quantity: backendOff },
      note: 'not figure 2: same runner pieces, journal and asciicast replaced by no-ops for "off".',
    },
  ];
}

/**
 * Where figure 1's CPU went: all processes' CPU time during the recording-on runs, per MB of the file, by
 * group (cpu-accounting.ts), and how many of the machine's cores that kept busy.
 */
function cpuRow(cpu: FullPathCat['cpu'] | undefined): Result {
  const title = 'CPU per MB of the full path (recording on), by who used it';
  if (!cpu || cpu.mb === 0 || cpu.wallMs === 0)
    return { id: '1-cpu', title, figure: notMeasured('no full-path run') };
  const total = [...cpu.groups.values()].reduce((a, b) => a + b, 0);
  const shares = [...cpu.groups]
    .sort((a, b) => b[1] - a[1])
    .map(([group, ms]) => `${group} ${(ms / cpu.mb).toFixed(1)}`)
    .join(', ');
  return {
    id: '1-cpu',
    title,
    figure: measured(total / cpu.mb, 'ms/MB'),
    note:
      `ms/MB: ${shares}; ${(total / cpu.wallMs).toFixed(2)} of ${CORES} cores busy on average ` +
      '(the lab server side runs on another machine in production).',
  };
}

/** Reference B: OpenSSH's own client, output to /dev/null: the transport's limit on this machine. */
function openSshCat(env: BenchLab, file: string, bytes: number, rounds: number): Quantity {
  const server = env.lab.server(Object.keys(env.inventory)[0]!);
  const args = [
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${knownHostsPath(env.dataDir)}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-i',
    server.keyPath,
    '-p',
    String(server.port),
    `${server.user}@${server.host}`,
    `cat ${file}`,
  ];
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    execFileSync('ssh', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    samples.push(mbPerSecond(bytes, performance.now() - start));
  }
  return measured(median(samples), 'MB/s');
}

/**
 * `cat` through the runner's engine: from runNext to step-finished. Recording on = prepareRun as the app
 * uses it; off = the same engine, pool and redactor with a journal and transcript that write nothing.
 */
async function backendCat(env: BenchLab, file: string, bytes: number, recording: boolean): Promise<number> {
  const runbook = benchRunbook(
    `cat-${recording ? 'on' : 'off'}`,
    ['app'],
    [
      { name: 'warm-up', target: 'app', body: 'true' },
      { name: 'cat', target: 'app', body: `cat ${file}` },
    ],
  );
  let engine: RunEngine;
  let close: () => Promise<void>;
  if (recording) {
    const run = await prepareRun(runOptions(env, runbook));
    await run.start();
    engine = run.engine;
    close = () => run.close();
  } else {
    const bound = bindRunbook(runbook, { values: {}, inventory: env.inventory, runId: 'bench-off' });
    if (!bound.ok) throw new Error(bound.errors.map((e) => e.message).join('; '));
    const pool = new ConnectionPool({
      inventory: env.inventory,
      secrets: env.secrets,
      knownHostsPath: knownHostsPath(env.dataDir),
      hostKeys: 'reject',
      cols: 120,
      rows: 32,
    });
    let seq = 0;
    engine = new RunEngine({
      steps: engineStepsOf(bound.plan),
      services: {
        journal: { append: (body: RunEventBody) => ({ ...body, seq: seq++, ts: '', prev: '' }) },
        openSession: (role) => pool.openSession(role),
        installFile: (role, request) => pool.installFile(role, request),
        recorderFor: () => ({ output() {}, marker() {} }),
        redactor: textRedactor([]),
        clock: { now: () => Date.now() },
        operator: 'bench',
      },
    });
    close = async () => {
      await engine.close();
      await pool.closeAll();
    };
  }
  try {
    await engine.runNext(); // connect
    let received = 0;
    engine.onTerminalData((_role, data) => (received += data.length));
    const start = performance.now();
    const state = await engine.runNext();
    const ms = performance.now() - start;
    if (state !== 'finished' || received < bytes)
      throw new Error(`cat ended ${state} after ${received} of ${bytes} bytes`);
    return mbPerSecond(bytes, ms);
  } finally {
    await close();
  }
}
