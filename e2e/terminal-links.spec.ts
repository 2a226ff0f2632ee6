/**
 * Issue 12, finding 5 (OSC 8): a terminal hyperlink's text can say https://oc-pizzas.com/admin and point
 * anywhere. A click on it now shows the app's own dialog with where it really goes (LinkDialog.tsx), and
 * nothing opens unless the engineer chooses Open; schemes other than http, https and mailto are refused.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAdhocTerminal, startTerminalWorld, terminalRows, type TerminalWorld } from './adhoc-terminal';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
fs.mkdirSync(artifacts, { recursive: true });

test.describe.configure({ mode: 'serial' });

let world: TerminalWorld;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await startTerminalWorld();
});

test.afterAll(async () => {
  await world?.stop();
});

/** The output row that shows exactly `text` (the echoed command line holds it too, among other things). */
function outputRow(page: Page, text: string) {
  const escaped = text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return terminalRows(page).locator('> div', { hasText: new RegExp(`^${escaped}\\s*$`) });
}

/** Hovers the link until xterm.js has recognised it (pointer cursor), then clicks it. */
async function clickTerminalLink(page: Page, text: string): Promise<void> {
  const row = outputRow(page, text);
  await expect(row).toHaveCount(1);
  const box = (await row.boundingBox())!;
  // From the row above to a point inside the link's text (its first characters): xterm.js looks for links
  // when the pointer enters another cell, so this works even when the pointer was already on the link.
  await page.mouse.move(box.x + 20, box.y - box.height / 2);
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await expect(page.locator('.terminal-view[data-role="app"] .xterm-screen')).toHaveClass(
    /xterm-cursor-pointer/,
  );
  await page.mouse.click(box.x + 20, box.y + box.height / 2);
}

test('an OSC 8 link shows its real target first; Cancel opens nothing, Open opens exactly that', async ({
  context,
  page,
}) => {
  test.setTimeout(120_000);
  const opened: string[] = [];
  context.on('page', (popup) => opened.push(popup.url() || 'about:blank'));
  // Never reach the network: the one page Open may start is answered here.
  await context.route('https://evil.example/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>evil</title>' }),
  );
  await openAdhocTerminal(world, context, page);

  await page.keyboard.type(
    "printf '\\e]8;;https://evil.example/\\e\\\\https://oc-pizzas.com/admin\\e]8;;\\e\\\\\\n'\n",
  );
  await expect(outputRow(page, 'https://oc-pizzas.com/admin')).toHaveCount(1);

  await clickTerminalLink(page, 'https://oc-pizzas.com/admin');
  const dialog = page.getByRole('dialog', { name: 'Ouvrir ce lien ?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('link-target')).toHaveText('https://evil.example');
  await expect(dialog.getByTestId('link-url')).toHaveText('https://evil.example/');
  await expect(dialog).not.toContainText('oc-pizzas.com');
  await page.screenshot({ path: path.join(artifacts, 'terminal-link-dialog.png'), animations: 'disabled' });

  // Keyboard: focus is inside the dialog, not on Open; Tab reaches the buttons; Cancel closes it.
  const cancel = dialog.getByRole('button', { name: 'Annuler' });
  await expect(dialog.getByRole('button', { name: 'Ouvrir', exact: true })).not.toBeFocused();
  await cancel.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  // Esc cancels too.
  await clickTerminalLink(page, 'https://oc-pizzas.com/admin');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Open: a new page, on the real target. Had Cancel or Esc opened one, it would be in `opened` first.
  await clickTerminalLink(page, 'https://oc-pizzas.com/admin');
  const popup = context.waitForEvent('page');
  await dialog.getByRole('button', { name: 'Ouvrir', exact: true }).click();
  await (await popup).waitForURL('https://evil.example/');
  expect(opened).toHaveLength(1);
});

test('a link of another scheme is refused with its scheme named', async ({ context, page }) => {
  test.setTimeout(120_000);
  const opened: string[] = [];
  context.on('page', (popup) => opened.push(popup.url()));
  await openAdhocTerminal(world, context, page);
  await page.keyboard.type("printf '\\e]8;;file:///etc/passwd\\e\\\\manuel-local\\e]8;;\\e\\\\\\n'\n");
  await expect(outputRow(page, 'manuel-local')).toHaveCount(1);
  await clickTerminalLink(page, 'manuel-local');
  const dialog = page.getByRole('dialog', { name: 'Lien refusé' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('alert')).toHaveText(
    'Les liens « file: » ne sont pas ouverts : seuls http, https et mailto le sont.',
  );
  await expect(dialog.getByRole('button', { name: 'Ouvrir', exact: true })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Fermer' }).last().click();
  await expect(dialog).toBeHidden();
  expect(opened).toEqual([]);
});
