/**
 * Issue 12, finding 4: the link printed by `npm run web` used to stay valid for the host's whole life, and
 * a copy of it sat in Chromium's history. Now it works once (electron/web/browser-sessions.ts): its landing
 * page trades the token for an HttpOnly session cookie and replaces itself with the app. Against a real
 * host of its own: first use, reload, the same link in another context, the fresh link, sockets without or
 * with a stale session, and from another origin.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWebHost, type WebHost } from './web-host';

test.describe.configure({ mode: 'serial' });

let host: WebHost;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-e2e-session-data-'));
  host = await startWebHost({ dataDir });
});

test.afterAll(async () => {
  await host?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const library = (page: Page) => page.getByRole('heading', { level: 1, name: 'Bibliothèque de procédures' });

/** Opens the api socket from the page as the app would; 'open' or 'refused'. A string: no DOM types here. */
function socketFromPage(page: Page, wsUrl: string): Promise<string> {
  return page.evaluate(`new Promise((resolve) => {
    const ws = new WebSocket(${JSON.stringify(wsUrl)}, ['runbook.v1']);
    ws.onopen = () => { ws.close(); resolve('open'); };
    ws.onclose = () => resolve('refused');
  })`);
}

test('the link opens the app once; reload keeps it; the same link elsewhere is refused', async ({
  browser,
}) => {
  const link = await host.takeLink();
  const wsUrl = `ws://${new URL(host.origin).host}/api`;

  // ---- First use: the app, at an address without the token.
  const first = await browser.newContext();
  const page = await first.newPage();
  await page.goto(link);
  await expect(library(page)).toBeVisible();
  await expect(page.locator('.runbook-item').first()).toBeVisible(); // the api answers
  await expect(page).toHaveURL(`${host.origin}/`);
  const cookies = await first.cookies();
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', expires: -1 });
  expect(await page.evaluate('document.cookie')).toBe(''); // no script can read the session
  // The new tab's about:blank, then the app: the landing page replaced its own entry (no /session to go back to).
  expect(await page.evaluate('history.length')).toBe(2);

  // ---- F5: still the app, still served.
  await page.reload();
  await expect(library(page)).toBeVisible();
  await expect(page.locator('.runbook-item').first()).toBeVisible();
  expect(await socketFromPage(page, wsUrl)).toBe('open');

  // ---- The same link in another browser (a copy from the history): refused, saying what to do.
  const second = await browser.newContext();
  const other = await second.newPage();
  await other.goto(link);
  await expect(other.getByRole('heading', { name: 'This link was already used' })).toBeVisible();
  await expect(other.locator('#used')).toContainText('npm run web');
  await expect(other.getByRole('heading', { name: 'Ce lien a déjà servi' })).toBeVisible();
  await expect(other).toHaveURL(`${host.origin}/session`); // the token left the address bar anyway
  expect(await second.cookies()).toEqual([]);

  // ---- No session: the app's address says how to get one, and the api socket is refused.
  await other.goto(`${host.origin}/`);
  await expect(other.getByRole('heading', { name: 'No session in this browser' })).toBeVisible();
  await expect(library(other)).toHaveCount(0);
  expect(await socketFromPage(other, wsUrl)).toBe('refused');

  // ---- A stale session (a cookie of the right name, of another host process): refused as well.
  await second.addCookies([{ ...cookies[0]!, value: 'A'.repeat(43) }]);
  await other.goto(`${host.origin}/`);
  await expect(other.getByRole('heading', { name: 'No session in this browser' })).toBeVisible();
  expect(await socketFromPage(other, wsUrl)).toBe('refused');

  // ---- The fresh link the host printed once the first was used opens that other browser.
  expect(host.output()).toContain('That link is now used');
  await other.goto(await host.takeLink());
  await expect(library(other)).toBeVisible();
  await expect(other.locator('.runbook-item').first()).toBeVisible();

  await first.close();
  await second.close();
});

test('a page of another origin cannot use the session, even in the browser holding it', async ({
  context,
  page,
}) => {
  await context.addCookies([await host.sessionCookie()]);
  await page.goto(`${host.origin}/`);
  await expect(library(page)).toBeVisible();
  // Another site open in the same browser, answered here instead of by the network.
  await context.route('http://evil.example/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>evil</title>' }),
  );
  const evil = await context.newPage();
  await evil.goto('http://evil.example/');
  expect(await socketFromPage(evil, `ws://${new URL(host.origin).host}/api`)).toBe('refused');
  const exchange = await evil.evaluate(
    `fetch(${JSON.stringify(`${host.origin}/session`)}, { method: 'POST', body: 'x' }).then((r) => r.status, () => 'blocked')`,
  );
  expect([403, 'blocked']).toContain(exchange);
});
