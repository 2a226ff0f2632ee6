/**
 * For the terminal specs: a web host of their own, one lab server configured through the api (the Servers
 * view is run.spec.ts's subject), and a page on its ad-hoc terminal (#/terminal/app) with a shell prompt.
 */
import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLab, type Lab } from './lab/lab';
import { startWebHost, type WebHost } from './web-host';

export interface TerminalWorld {
  lab: Lab;
  host: WebHost;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTerminalWorld(): Promise<TerminalWorld> {
  const lab = await startLab({ roles: ['app'] });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-e2e-term-data-'));
  const host = await startWebHost({ dataDir });
  const api = await host.apiClient();
  try {
    const server = lab.server('app');
    await api.upsertServer({ server: { ...server.serverConfig(), label: 'Labo app' } });
    const first = await api.testConnection({ id: 'app' });
    expect(first).toMatchObject({
      ok: false,
      code: 'host-key-unknown',
      fingerprint: server.hostKeyFingerprint,
    });
    expect(
      await api.testConnection({ id: 'app', acceptFingerprint: server.hostKeyFingerprint }),
    ).toMatchObject({
      ok: true,
    });
  } finally {
    api.close();
  }
  return {
    lab,
    host,
    dataDir,
    async stop() {
      await host.stop();
      await lab.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function terminalRows(page: Page): Locator {
  return page.locator('.terminal-view[data-role="app"] .xterm-rows');
}

/** Opens the ad-hoc terminal on the lab's app server in a context holding a session, and waits for a prompt. */
export async function openAdhocTerminal(
  world: TerminalWorld,
  context: BrowserContext,
  page: Page,
): Promise<void> {
  await context.addCookies([await world.host.sessionCookie()]);
  await page.goto(`${world.host.origin}/#/terminal/app`);
  await expect(page.getByRole('heading', { level: 1, name: 'Terminal — Labo app' })).toBeVisible();
  // A marker echoed by the shell: the session is live and the terminal parses what it receives.
  await page.locator('.terminal-view[data-role="app"] .xterm-screen').click();
  await page.keyboard.type('echo "ready $((6 * 7))"\n');
  await expect(terminalRows(page)).toContainText('ready 42');
}
