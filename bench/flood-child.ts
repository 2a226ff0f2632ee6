/**
 * Figure 5, backend side, in its own process so that its RSS is the backend's alone: a real run (journal,
 * transcript, redaction) whose step prints as fast as it can; RSS sampled every 50 ms. Once `bytes` of
 * output have reached the terminal listeners, Ctrl-C (engine.cancel, what the UI's Ctrl-C calls) and time
 * until the step's step-finished event. Prints one JSON line. Started by fig-flood.ts.
 */
import type { Inventory } from '../electron/core/inventory/model';
import { prepareRun } from '../electron/core/run/runner';
import { MemorySecretStore } from '../electron/core/vault/memory-store';
import { benchRunbook } from './runbook-source';

interface FloodConfig {
  dataDir: string;
  inventory: Inventory;
  bytes: number;
}

export interface FloodResult {
  baselineRssMB: number;
  peakRssMB: number;
  bytes: number;
  floodMs: number;
  ctrlCMs: number;
  exitCode: number | null;
  cancelled: boolean;
}

const config = JSON.parse(process.env.BENCH_FLOOD_CONFIG ?? '') as FloodConfig;
const LINE = 'flood '.padEnd(79, 'x'); // 80 bytes with the newline, printable

const runbook = benchRunbook(
  'flood',
  ['app'],
  [
    { name: 'warm-up', target: 'app', body: 'true' },
    // `yes` never ends by itself: only the Ctrl-C does.
    { name: 'flood', target: 'app', body: `yes '${LINE}'` },
  ],
);
const run = await prepareRun({
  dataDir: config.dataDir,
  runbook,
  inventory: config.inventory,
  values: {},
  secrets: new MemorySecretStore(),
  hostKeys: 'reject',
  operator: 'bench',
});
const engine = run.engine;
const mb = (n: number) => n / 1e6;
try {
  await run.start();
  await engine.runNext(); // connects; the baseline includes the open connection and shell
  globalThis.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);

  let received = 0;
  let cancelAt = 0;
  const floodStart = performance.now();
  let floodMs = 0;
  engine.onTerminalData((_role, data) => {
    received += data.length;
    if (!cancelAt && received >= config.bytes) {
      cancelAt = performance.now();
      floodMs = cancelAt - floodStart;
      engine.cancel();
    }
  });
  const finished = new Promise<{ exitCode: number | null; cancelled: boolean; at: number }>((resolve) =>
    engine.onEvent((e) => {
      if (e.type === 'step-finished' && e.step === 'flood')
        resolve({ exitCode: e.exitCode, cancelled: e.cancelled === true, at: performance.now() });
    }),
  );
  await engine.runNext();
  const end = await finished;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const result: FloodResult = {
    baselineRssMB: mb(baseline),
    peakRssMB: mb(peak),
    bytes: received,
    floodMs,
    ctrlCMs: cancelAt ? end.at - cancelAt : NaN,
    exitCode: end.exitCode,
    cancelled: end.cancelled,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await run.close();
}
