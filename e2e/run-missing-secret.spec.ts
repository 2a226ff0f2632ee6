/**
 * A password the keychain lacks is asked in the run itself: the step that could not connect shows a password
 * field in its error, the value goes to the keychain (never to the run's record), and the step is retried.
 * Once, the run only said "not in the keychain … Enter it in the server settings", and the engineer had to
 * leave the run for the Servers view.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { KeychainSecretStore } from '../electron/core/vault/keychain-store';
import { KEYCHAIN_SERVICE, secretAccounts } from '../electron/core/vault/secret-store';
import { openApp } from './app-link';
import { startAppServerWorld, type AppServerWorld } from './app-server-world';

const runbook = `---
id: secret-run
title: Essai d'un mot de passe absent du trousseau
chapter: "0"
servers: [app]
---

# Essai

Se connecter et dire bonjour.

\`\`\`sh {"name":"bonjour","target":"app"}
echo "connecté au serveur"
\`\`\`
`;

let world: AppServerWorld;
const keychain = new KeychainSecretStore();
const account = secretAccounts.serverPassword('app');

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await startAppServerWorld('secret', { 'secret-run.md': runbook });
  // The app server now logs in by password, and the keychain has none for it (other suites share it).
  await keychain.delete(KEYCHAIN_SERVICE, account);
  const api = await world.host.apiClient();
  try {
    await api.upsertServer({ server: world.lab.server('app').serverConfig({ method: 'password' }) });
  } finally {
    api.close();
  }
});

test.afterAll(async () => {
  await keychain.delete(KEYCHAIN_SERVICE, account);
  await world?.stop();
});

/** Every file under dir, recursively. */
function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

test('a password missing from the keychain is asked in the run, stored there, and the step retried', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const password = world.lab.server('app').password;
  await openApp(page, world.host, '#/procedures/secret-run/run');
  await page.getByRole('button', { name: 'Démarrer l’exécution' }).click();
  await expect(page).toHaveURL(/#\/runs\//);
  const row = page.locator('li.run-step[data-step="bonjour"]');
  await page.locator('.run-toolbar').getByRole('button', { name: 'Exécuter cette étape' }).click();
  await expect(row).toHaveAttribute('data-status', 'failed');

  const field = page.getByLabel(/^Mot de passe de .+ \(il sera gardé dans le trousseau\)$/);
  await expect(field).toBeFocused();
  await field.fill(password);
  await page.getByRole('button', { name: 'Enregistrer et réessayer' }).click();
  await expect(row).toHaveAttribute('data-status', 'succeeded');
  await expect(page.locator('.terminal-view[data-role="app"] .xterm-rows')).toContainText(
    'connecté au serveur',
  );

  expect(await keychain.get(KEYCHAIN_SERVICE, account)).toBe(password);
  for (const file of walk(world.dataDir))
    expect(fs.readFileSync(file).includes(password), `password in ${file}`).toBe(false);
});
