import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BenchLab } from './lab-env';
import type { FloodResult } from './flood-child';
import { measured, notMeasured, type Result } from './table';

/**
 * Figure 5: memory under flood and Ctrl-C. The backend runs in a child process (flood-child.ts) so that
 * its RSS growth is the backend's own. The renderer's heap needs the app's terminal view, which does not
 * exist yet: reported as not measured.
 */
export async function benchFlood(env: BenchLab, repoRoot: string, bytes: number): Promise<Result[]> {
  const out = await runChild(repoRoot, { dataDir: env.dataDir, inventory: env.inventory, bytes });
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
      id: '5b',
      title: 'Flood: renderer heap growth',
      figure: notMeasured('the renderer has no terminal view fed by onTerminalData yet'),
      target: 'floodRendererHeap',
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
