import { startAppHost } from './app-host';
import {
  clickRun,
  ctrlC,
  openRunPage,
  parsedChars,
  runStep,
  statsKey,
  stepStatus,
  timedStep,
  xtermInPage,
  type XtermInPage,
} from './app-page';
import { launchCdpChromium, type CdpPage } from './cdp';
import { cpuBetween, fullPathGrouping, snapshotCpu, uidOf } from './cpu-accounting';
import type { BenchLab } from './lab-env';
import { mbPerSecond } from './stats';

/**
 * The full path of figures 1, 2 and 5b: lab sshd → ssh2 → Backend (real runner) → WebSocket → the app's run
 * page → xterm.js in Chromium, with the renderer's flow control (acks) in the loop.
 */

const warmUp = { name: 'warm-up', target: 'app', body: 'true' } as const;

export interface FullPathCat {
  /** MB/s of the file's bytes, recording on (figure 1) and off (figure 2's reference). */
  on: number[];
  off: number[];
  /** Reference A, MB/s of the same bytes written straight into xterm.js in the recording-on run's page. */
  refA: number[];
  /** Characters the view received in the last run (the file's bytes, each "\n" made "\r\n"). */
  chars: number;
  /** The last reference A measurement: its terminal size. */
  terminal?: XtermInPage;
  /** CPU ms by group (cpu-accounting.ts) over the recording-on runs, their wall time and MB. */
  cpu: { groups: Map<string, number>; wallMs: number; mb: number };
}

/**
 * Figures 1 and 2: `rounds` runs of `cat file` with recording on, and as many with it off (quiet-run.ts),
 * alternating which goes first. Each run: a new page on `#/runs/<id>`, the warm-up step (connects), then the
 * timed `cat` step. MB/s of the file's bytes. Reference A is measured in the recording-on page, before and
 * after the `cat` (so neither profits from the other's warm-up, and its round-to-round spread, larger than
 * the full path's, gets twice the samples).
 */
export async function fullPathCat(
  env: BenchLab,
  repoRoot: string,
  file: string,
  fileBytes: number,
  rounds: number,
  line: string,
): Promise<FullPathCat> {
  const steps = [warmUp, { name: 'cat', target: 'app', body: `cat ${file}` } as const];
  const browser = await launchCdpChromium();
  const host = await startAppHost(env, repoRoot, {
    'bench-cat': [...steps],
    'bench-cat-quiet': [...steps],
  }).catch(async (error: unknown) => {
    await browser.close();
    throw error;
  });
  // The PTY turns each "\n" of the file into "\r\n": one more character per 80-byte line.
  const chars = fileBytes + fileBytes / 80;
  const result: FullPathCat = {
    on: [],
    off: [],
    refA: [],
    chars: 0,
    cpu: { groups: new Map(), wallMs: 0, mb: 0 },
  };
  const grouping = fullPathGrouping(env.lab.server('app').user, uidOf(env.lab.server('app').user));
  try {
    const once = async (runbookId: string, withReference: boolean) => {
      const runId = await host.startRun(runbookId);
      const page = await openRunPage(browser, host.session, runId, 'app');
      const reference = async () => {
        const a = await xtermInPage(page, { line, totalChars: chars });
        result.refA.push(mbPerSecond(fileBytes, a.ms));
        result.terminal = a;
      };
      try {
        await runStep(page, 'warm-up');
        if (withReference) await reference();
        const before = snapshotCpu();
        const out = await timedStep(page, {
          key: statsKey(runId, 'app'),
          step: 'cat',
          chars,
          timeoutMs: 180_000,
        });
        if (withReference) {
          for (const [group, ms] of cpuBetween(before, snapshotCpu(), grouping))
            result.cpu.groups.set(group, (result.cpu.groups.get(group) ?? 0) + ms);
          result.cpu.wallMs += out.ms;
          result.cpu.mb += fileBytes / 1e6;
          await reference();
        }
        result.chars = out.chars;
        return mbPerSecond(fileBytes, out.ms);
      } finally {
        await page.close();
      }
    };
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        result.on.push(await once('bench-cat', true));
        result.off.push(await once('bench-cat-quiet', false));
      } else {
        result.off.push(await once('bench-cat-quiet', false));
        result.on.push(await once('bench-cat', true));
      }
    }
  } finally {
    await browser.close();
    await host.stop();
  }
  return result;
}

export interface HeapSample {
  /** Characters parsed by the terminal when the sample was taken. */
  chars: number;
  /** JS heap in use, MB, after a forced GC (what the page retains). */
  heapMB: number;
}

export interface FloodView {
  before: HeapSample;
  checkpoints: HeapSample[];
  /** Highest heap in use seen while flooding (no forced GC: garbage included). */
  peakMB: number;
  after: HeapSample;
  floodMs: number;
  ctrlCMs: number;
  exitStatus: string;
}

/**
 * Figure 5b (and 5d): a step printing without end (`yes`) through the full path; the page's JS heap
 * (CDP Runtime.getHeapUsage) before, every 250 ms during (peak), after a forced GC at each fraction of
 * `bytes` in `fractions`, and after Ctrl-C pressed in the terminal once `bytes` were parsed.
 */
export async function fullPathFlood(
  env: BenchLab,
  repoRoot: string,
  bytes: number,
  fractions: readonly number[],
): Promise<FloodView> {
  const line = 'flood '.padEnd(79, 'x');
  const browser = await launchCdpChromium();
  const host = await startAppHost(env, repoRoot, {
    'bench-flood': [warmUp, { name: 'flood', target: 'app', body: `yes '${line}'` }],
  }).catch(async (error: unknown) => {
    await browser.close();
    throw error;
  });
  try {
    const runId = await host.startRun('bench-flood');
    const page = await openRunPage(browser, host.session, runId, 'app');
    const key = statsKey(runId, 'app');
    await runStep(page, 'warm-up');
    // What the page retains: after a forced GC, the least of three samples 100 ms apart, so that output
    // merely in flight at that instant (up to the flow window, terminal-flow.ts) is not counted as kept.
    const retainedMB = async () => {
      let least = Infinity;
      for (let i = 0; i < 3; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 100));
        await page.send('HeapProfiler.collectGarbage');
        least = Math.min(least, await usedHeapMB(page));
      }
      return least;
    };
    const sample = async (gc: boolean, base: number): Promise<HeapSample> => {
      const heapMB = gc ? await retainedMB() : await usedHeapMB(page);
      return { chars: (await parsedChars(page, key)) - base, heapMB };
    };
    const base = await parsedChars(page, key);
    const before = await sample(true, base);
    await clickRun(page);
    const start = performance.now();
    const checkpoints: HeapSample[] = [];
    let peakMB = before.heapMB;
    const pending = [...fractions].sort((a, b) => a - b);
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await sample(false, base);
      peakMB = Math.max(peakMB, now.heapMB);
      while (pending.length && now.chars >= pending[0]! * bytes) {
        pending.shift();
        checkpoints.push(await sample(true, base));
      }
      if (now.chars >= bytes) break;
      if (performance.now() - start > 600_000)
        throw new Error(`the flood reached only ${now.chars} of ${bytes} characters in 600 s`);
    }
    const floodMs = performance.now() - start;
    const ctrlCMs = await ctrlC(page, 'app', 'flood', 30_000);
    const exitStatus = await stepStatus(page, 'flood');
    await new Promise((r) => setTimeout(r, 1000)); // the backlog drains, the page settles
    const after = await sample(true, base);
    await page.close();
    return { before, checkpoints, peakMB, after, floodMs, ctrlCMs, exitStatus: exitStatus ?? '?' };
  } finally {
    await browser.close();
    await host.stop();
  }
}

async function usedHeapMB(page: CdpPage): Promise<number> {
  const usage = await page.send<{ usedSize: number }>('Runtime.getHeapUsage');
  return usage.usedSize / 1e6;
}
