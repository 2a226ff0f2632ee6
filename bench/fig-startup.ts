import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, startPrintingUrl } from './browser';
import { median } from './stats';
import { measured, type Result } from './table';

/**
 * Figure 6: browser mode, from process start to the procedures library rendered and interactive, i.e. its
 * first runbook entry (a link React rendered from listRunbooks) visible. The browser is already running;
 * each sample is a new process and a fresh browser context (no cache).
 * Reference: the same built page served statically by a process with no backend, to the library page's
 * title rendered by React (its list then reports that there is no backend).
 * Both processes start through tsx, so both pay the same TypeScript loader.
 */
export async function benchStartup(repoRoot: string, rounds: number): Promise<Result> {
  buildRenderer(repoRoot);
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const staticDir = path.join(repoRoot, 'dist', 'renderer');
  const browser = await launchChromium();
  const app: number[] = [];
  const reference: number[] = [];
  try {
    const sample = async (args: string[], urlPattern: RegExp, selector: string) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const start = performance.now();
      const proc = await startPrintingUrl(tsx, args, urlPattern, repoRoot);
      try {
        await page.goto(proc.url);
        await page.locator(selector).first().waitFor({ state: 'visible', timeout: 30_000 });
        return performance.now() - start;
      } finally {
        await context.close();
        await proc.stop();
      }
    };
    for (let i = 0; i < rounds + 1; i++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-bench-web-'));
      try {
        const a = await sample(
          ['electron/web/main.ts', '--data-dir', dataDir],
          /http:\/\/127\.0\.0\.1:\d+\/session#token=[A-Za-z0-9_-]+/,
          '.runbook-item',
        );
        const r = await sample(
          ['bench/static-server.ts', staticDir],
          /http:\/\/127\.0\.0\.1:\d+\//,
          '#library-title',
        );
        // The first round only warms the OS file cache and tsx's compile cache.
        if (i > 0) {
          app.push(a);
          reference.push(r);
        }
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  return {
    id: '6',
    title: `Start-up, browser mode, to the library listed (median of ${rounds})`,
    figure: measured(median(app), 'ms'),
    reference: { label: 'static page, no backend', quantity: measured(median(reference), 'ms') },
    target: 'startup',
  };
}

/** The renderer as it is now (vite build into dist/renderer, as `npm run web` does). */
function buildRenderer(repoRoot: string): void {
  execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 300_000,
  });
}
