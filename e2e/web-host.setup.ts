/**
 * Playwright global setup: builds the renderer (as `npm run web` does), then starts the browser-mode host
 * exactly as an engineer would (`tsx electron/web/main.ts --port 0`), with a fresh data dir so no server is
 * configured and no setting is remembered. Its first link is used here, from Node, as the landing page would:
 * the session cookie goes to the tests in RUNBOOK_WEB_COOKIE (library.spec.ts adds it to each context), and
 * the app's address in RUNBOOK_WEB_URL. Returns the teardown, which stops that one process and removes the
 * data dir.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebHost } from './web-host';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default async function globalSetup(): Promise<() => Promise<void>> {
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-e2e-data-'));
  const host = await startWebHost({ dataDir });
  process.env['RUNBOOK_WEB_COOKIE'] = JSON.stringify(await host.sessionCookie());
  process.env['RUNBOOK_WEB_URL'] = `${host.origin}/#/`;
  process.env['RUNBOOK_E2E_DATA_DIR'] = dataDir;

  return async () => {
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
