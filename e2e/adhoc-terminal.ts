/**
 * For the terminal specs: a web host of their own with one lab server (app-server-world.ts), and a page on
 * its ad-hoc terminal (#/terminal/app) with a shell prompt.
 */
import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { startAppServerWorld, type AppServerWorld } from './app-server-world';

export type TerminalWorld = AppServerWorld;

export function startTerminalWorld(): Promise<TerminalWorld> {
  return startAppServerWorld('term');
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
