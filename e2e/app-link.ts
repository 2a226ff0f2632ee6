/**
 * Opening the app in a test page as an engineer does: a fresh one-time link from the host (it prints one
 * each time one is used), whose page trades the token for a session and replaces itself with the app; then,
 * once the app is there, the route the test needs.
 */
import { expect, type Page } from '@playwright/test';
import type { WebHost } from './web-host';

export async function openApp(page: Page, host: WebHost, route = '#/'): Promise<void> {
  await page.goto(await host.takeLink());
  // The landing page navigates: wait for the app itself before routing, or the route lands on the old page.
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
  if (route !== '#/') await page.goto(`${host.origin}/${route}`);
}
