import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BenchLab } from './lab-env';
import type { FloodResult } from './flood-child';
import { fullPathFlood, type FloodView, type HeapSample } from './full-path';
import { measured, notMeasured, type Result } from './table';

/**
 * Figure 5: memory under flood and Ctrl-C. Backend side (5a, 5c): a child process (flood-child.ts) so that
 * its RSS growth is the backend's own. Renderer side (5b, 5d): the same flood through the full path
 * (full-path.ts), the run page's JS heap sampled by CDP, and Ctrl-C pressed in its terminal.
 */
export async function benchFlood(env: BenchLab, repoRoot: string, bytes: number): Promise<Result[]> {
  const out = await runChild(repoRoot, { dataDir: env.dataDir, inventory: env.inventory, bytes });
  const backend = backendRows(out);
  let view: FloodView;
  try {
    view = await fullPathFlood(env, repoRoot, bytes, [0.1, 0.2, 1]);
  } catch (error) {
    // The backend rows stand on their own; the full path's failure is reported on its rows.
    process.stderr.write(`bench: figure 5, full path failed: ${(error as Error)?.stack ?? String(error)}\n`);
    const why = notMeasured(
      `error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
    return [
      backend[0]!,
      { id: '5b', title: 'Flood: renderer JS heap (full path)', figure: why, target: 'floodRendererHeap' },
      backend[1]!,
      { id: '5d', title: 'Flood: Ctrl-C in the run page', figure: why, target: 'floodCtrlC' },
    ];
  }
  const [tenth, fifth, end] = view.checkpoints as [HeapSample, HeapSample, HeapSample];
  const at = (s: HeapSample) => `${s.heapMB.toFixed(1)} MB at ${Math.round(s.chars / 1e6)} MB`;
  return [
    ...backend.slice(0, 1),
    {
      id: '5b',
      title: `Flood: renderer JS heap at the end of ${Math.round(end.chars / 1e6)} MB (after GC)`,
      figure: measured(end.heapMB, 'MB'),
      reference: {
        label: `after ${Math.round(tenth.chars / 1e6)} MB`,
        quantity: measured(tenth.heapMB, 'MB'),
      },
      target: 'floodRendererHeap',
      note:
        `run page in Chromium, \`yes\` through the full path (flow control on); heap after forced GC: ` +
        `before ${view.before.heapMB.toFixed(1)} MB, ${at(tenth)}, ${at(fifth)}, ${at(end)}, ` +
        `${view.after.heapMB.toFixed(1)} MB after Ctrl-C; end / ${Math.round(fifth.chars / 1e6)} MB = ` +
        `${(end.heapMB / fifth.heapMB).toFixed(2)}×; peak without GC ${view.peakMB.toFixed(1)} MB; ` +
        `${(end.chars / 1e6 / (view.floodMs / 1000)).toFixed(1)} MB/s parsed.`,
    },
    ...backend.slice(1),
    {
      id: '5d',
      title: 'Flood: Ctrl-C in the run page to the step shown ended',
      figure:
        view.exitStatus === 'failed'
          ? measured(view.ctrlCMs, 'ms')
          : notMeasured(`the step ended "${view.exitStatus}", not failed by Ctrl-C`),
      target: 'floodCtrlC',
      note: 'key press in the focused xterm.js → writeTerminal → SSH; timed in the page from keydown to the step row leaving "running".',
    },
  ];
}

/** 5a and 5c: the backend's own process (flood-child.ts). */
function backendRows(out: FloodResult): Result[] {
  const growth = out.peakRssMB - out.baselineRssMB;
  const mbOut = Math.round(out.bytes / 1e6);
  return [
    {
      id: '5a',
      title: `Flood: peak backend RSS growth while a step prints ${mbOut} MB`,
      figure: measured(growth, 'MB'),
      target: 'floodBackendRss',
      note:
        `baseline ${out.baselineRssMB.toFixed(0)} MB, peak ${out.peakRssMB.toFixed(0)} MB; ` +
        `${mbOut} MB in ${(out.floodMs / 1000).toFixed(1)} s through the real runner (journal + transcript on), ` +
        'with no terminal consuming it (no renderer flow control involved).',
    },
    {
      id: '5c',
      title: "Flood: Ctrl-C to the step's recorded end",
      figure: out.cancelled ? measured(out.ctrlCMs, 'ms') : notMeasured('the step did not end as cancelled'),
      target: 'floodCtrlC',
      note: `engine.cancel() after ${mbOut} MB; step-finished: exit ${out.exitCode}, cancelled ${out.cancelled}.`,
    },
  ];
}

function runChild(
  repoRoot: string,
  config: { dataDir: string; inventory: unknown; bytes: number },
): Promise<FloodResult> {
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['--expose-gc', path.join(repoRoot, 'bench', 'flood-child.ts')], {
      cwd: repoRoot,
      env: { ...process.env, BENCH_FLOOD_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    // Bounded: 500 MB at a few tens of MB/s, plus connection and Ctrl-C; a stuck child is killed.
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as FloodResult);
      else reject(new Error(`flood-child exited ${code ?? signal}:\n${stderr}`));
    });
  });
}
