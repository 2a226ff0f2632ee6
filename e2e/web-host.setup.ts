/**
 * Playwright global setup: builds the renderer (as `npm run web` does), then starts the browser-mode host
 * exactly as an engineer would (`tsx electron/web/main.ts --port 0`), with a fresh data dir so no server is
 * configured and no setting is remembered. The URL it prints (token included) goes to the tests through
 * RUNBOOK_WEB_URL. Returns the teardown, which stops that one process and removes the data dir.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default async function globalSetup(): Promise<() => Promise<void>> {
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-e2e-data-'));
  // node --import tsx (not npx): one process, so the teardown stops exactly the host it started.
  const host = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/web/main.ts', '--port', '0', '--data-dir', dataDir],
    { cwd: repoRoot, env: { ...process.env, RUNBOOK_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not print its URL:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\S*#token=[A-Za-z0-9_-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    host.stdout.on('data', onData);
    host.stderr.on('data', onData);
    host.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited (${code}) before printing its URL:\n${output}`));
    });
  });
  process.env['RUNBOOK_WEB_URL'] = url;
  process.env['RUNBOOK_E2E_DATA_DIR'] = dataDir;

  return async () => {
    if (host.exitCode === null) {
      const exited = new Promise((resolve) => host.once('exit', resolve));
      host.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
