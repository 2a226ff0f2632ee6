/**
 * Copying a command from the library gives the command as it will run. Placeholders are drawn as chips
 * (a label and a hint), and the browser's own copy once put those labels into the text:
 * "sudo Commande supervisorctlsupervisorctl status …". Both the Copy button and a copied selection now give
 * the values (a preview value, else the default), never a chip's label.
 */
import { expect, test, type Page } from '@playwright/test';

function origin(): string {
  const url = process.env['RUNBOOK_WEB_URL'];
  if (!url) throw new Error('RUNBOOK_WEB_URL is not set: run through playwright.config.ts (global setup)');
  return new URL(url).origin;
}

test.beforeEach(async ({ context }) => {
  const cookie = process.env['RUNBOOK_WEB_COOKIE'];
  if (!cookie)
    throw new Error('RUNBOOK_WEB_COOKIE is not set: run through playwright.config.ts (global setup)');
  await context.addCookies([JSON.parse(cookie) as Parameters<typeof context.addCookies>[0][number]]);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: origin() });
});

function clipboard(page: Page): Promise<string> {
  // A string, evaluated in the page: this file is type-checked without DOM types.
  return page.evaluate('navigator.clipboard.readText()') as Promise<string>;
}

test('a command copied from the library is the command as it will run', async ({ page }) => {
  await page.goto(`${origin()}/#/procedures/demarrage-arret`);
  const status = page.locator('section.step-card[data-step="status"]');
  await expect(status).toBeVisible();

  // The Copy button: defaults in place of the chips.
  await status.getByRole('button', { name: 'Copier' }).click();
  await expect(page.getByText('Commande copiée, telle qu’elle sera exécutée.')).toBeVisible();
  expect(await clipboard(page)).toBe('sudo supervisorctl status oc-pizzas-gunicorn');

  // A preview value typed in the variables panel is what gets copied.
  await page.getByLabel('Programme Supervisor').fill('autre-programme');
  await status.getByRole('button', { name: 'Copier' }).click();
  expect(await clipboard(page)).toBe('sudo supervisorctl status autre-programme');

  // A selection copied by hand (Ctrl+C) reads the same, without the chips' labels.
  await status.locator('pre').evaluate((pre) => {
    const range = pre.ownerDocument.createRange();
    range.selectNodeContents(pre);
    const selection = pre.ownerDocument.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  });
  await page.keyboard.press('Control+C');
  expect(await clipboard(page)).toBe('sudo supervisorctl status autre-programme');
});
