/**
 * The Servers view's form as a careful user expects: a port out of range is said in words on its field and
 * takes the focus (99999 once reached the backend, whose English schema message came back), and "Saisir…"
 * for a key's passphrase puts the focus in the input it opens (it once stayed on the page's body).
 */
import { expect, test } from '@playwright/test';
import { openApp } from './app-link';
import { startAppServerWorld, type AppServerWorld } from './app-server-world';
import { roleSection } from './servers-page';

let world: AppServerWorld;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await startAppServerWorld('srvform');
});

test.afterAll(async () => {
  await world?.stop();
});

test('a port out of range is refused in words, and Saisir… focuses the passphrase input', async ({
  page,
}) => {
  await openApp(page, world.host, '#/servers');
  await expect(page.getByRole('heading', { level: 1, name: 'Serveurs' })).toBeVisible();

  // The app server (added with its key by the world): edit it with port 99999.
  const card = roleSection(page, 'app').locator('article.server-card');
  await card.getByRole('button', { name: 'Modifier' }).click();
  const dialog = page.getByRole('dialog');
  const port = dialog.getByLabel('Port', { exact: true });
  await port.fill('99999');
  await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(dialog.locator('.field-error')).toHaveText(
    'Le port est un nombre entier de 1 à 65535 (22 par défaut pour SSH).',
  );
  await expect(port).toBeFocused();
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(dialog).toBeHidden();

  // The key's passphrase is optional (the lab key is not encrypted): "Saisir…" opens its input, focused.
  const passphrase = card.locator('.secret-row', { hasText: 'Phrase de passe de la clé' });
  await passphrase.getByRole('button', { name: 'Saisir…' }).click();
  await expect(passphrase.locator('input[type="password"]')).toBeFocused();
});
