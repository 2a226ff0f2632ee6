/**
 * What a spec needs to drive runs on its own: one lab server (app), a web host of its own on a fresh data dir
 * serving the given runbooks, and that server added through the Servers view (host key accepted), once.
 * stop() undoes all of it, also when the set-up failed half-way.
 */
import type { Browser } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp } from './app-link';
import { startLab, type Lab } from './lab/lab';
import { addServer } from './servers-page';
import { startWebHost, type WebHost } from './web-host';

export interface AppServerWorld {
  lab: Lab;
  host: WebHost;
  dataDir: string;
  runbooksDir: string;
  stop(): Promise<void>;
}

/** `runbooks`: file name → Markdown text. `prefix` names the temporary folders (rb-e2e-<prefix>-…). */
export async function startAppServerWorld(
  browser: Browser,
  prefix: string,
  runbooks: Record<string, string>,
): Promise<AppServerWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `rb-e2e-${prefix}-data-`));
  const runbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), `rb-e2e-${prefix}-books-`));
  let lab: Lab | undefined;
  let host: WebHost | undefined;
  const stop = async () => {
    await host?.stop();
    await lab?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(runbooksDir, { recursive: true, force: true });
  };
  try {
    for (const [file, text] of Object.entries(runbooks)) fs.writeFileSync(path.join(runbooksDir, file), text);
    lab = await startLab({ roles: ['app'] });
    host = await startWebHost({ dataDir, runbooksDir });
    const page = await browser.newPage();
    await openApp(page, host);
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Serveurs' })
      .click();
    await addServer(page, lab.server('app'), 'key');
    await page.close();
    return { lab, host, dataDir, runbooksDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
