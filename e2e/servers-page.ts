/**
 * The Servers view as the e2e tests use it (French UI): add a lab server through its dialog, store its
 * password in the keychain when it logs in by password, and accept its host key after comparing the
 * fingerprint, as an engineer would on first contact.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { LabServer } from './lab/lab';

/** The Servers view's section of one role (application, base de données…). */
export function roleSection(page: Page, role: string): Locator {
  return page.locator('section.server-role').filter({ has: page.locator(`#role-${role}`) });
}

/** Adds `server` under its role, labelled "Labo <role>", then tests the connection and accepts its host key. */
export async function addServer(page: Page, server: LabServer, auth: 'password' | 'key'): Promise<void> {
  const role = server.role;
  await roleSection(page, role).getByRole('button', { name: 'Ajouter un serveur' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Nom affiché').fill(`Labo ${role}`);
  await dialog.getByLabel('Hôte', { exact: true }).fill(server.host);
  await dialog.getByLabel('Port', { exact: true }).fill(String(server.port));
  await dialog.getByLabel('Utilisateur SSH').fill(server.user);
  if (auth === 'password') {
    await dialog.getByLabel('mot de passe', { exact: true }).check();
  } else {
    await dialog.getByLabel('fichier de clé', { exact: true }).check();
    await dialog.getByLabel('Fichier de clé privée').fill(server.keyPath);
  }
  await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(dialog).toBeHidden();
  const card = roleSection(page, role).locator('article.server-card');
  await expect(card).toBeVisible();
  if (auth === 'password') {
    await card.getByRole('textbox', { name: 'Mot de passe' }).fill(server.password);
    await card.getByRole('button', { name: 'Enregistrer dans le trousseau' }).click();
    await expect(card.getByText('enregistré dans le trousseau')).toBeVisible();
  }
  // First contact: the fingerprint is shown, compared, then accepted explicitly.
  await card.getByRole('button', { name: 'Tester la connexion' }).click();
  const hostKey = page.getByRole('dialog');
  await expect(hostKey).toContainText(server.hostKeyFingerprint);
  await hostKey.getByRole('button', { name: 'Les empreintes correspondent : accepter' }).click();
  await expect(card.getByText(/Connexion réussie/)).toBeVisible();
}
