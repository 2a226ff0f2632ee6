/**
 * What the engine writes into a record (in English, as a record keeps it) reaches a French UI in French, and
 * an aborted run can be resumed as the Abort dialog promises. Once, the card of a step skipped by `unless`
 * read "already done: its unless command succeeded", the record page "aborted by root", durations mixed
 * "4.7 s" and "0,1 s", and an aborted run had no Resume button.
 */
import { expect, test } from '@playwright/test';
import { openApp } from './app-link';
import { startAppServerWorld, type AppServerWorld } from './app-server-world';

const runbook = `---
id: language-run
title: Essai des textes enregistrés
chapter: "0"
servers: [app]
---

# Essai

Déjà en place : la commande unless réussit.

\`\`\`sh {"name":"deja-fait","target":"app","unless":"true"}
echo "ne doit pas s'exécuter"
\`\`\`

Une étape qui réussit.

\`\`\`sh {"name":"reussit","target":"app"}
echo "ok"
\`\`\`

Une étape que l'on n'atteint pas.

\`\`\`sh {"name":"plus-tard","target":"app"}
echo "plus tard"
\`\`\`
`;

let world: AppServerWorld;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await startAppServerWorld('lang', { 'language-run.md': runbook });
});

test.afterAll(async () => {
  await world?.stop();
});

test('recorded reasons read in French, and an aborted run offers Resume', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, world.host, '#/procedures/language-run/run');
  await page.getByRole('button', { name: 'Démarrer l’exécution' }).click();
  await expect(page).toHaveURL(/#\/runs\/[^/]+$/);
  const runId = decodeURIComponent(/#\/runs\/([^/]+)$/.exec(page.url())![1]!);
  const row = (name: string) => page.locator(`li.run-step[data-step="${name}"]`);

  // Two steps: the first is already done (unless), the second runs.
  const runStep = page.locator('.run-toolbar').getByRole('button', { name: 'Exécuter cette étape' });
  await runStep.click();
  await expect(row('deja-fait')).toHaveAttribute('data-status', 'skipped');
  await expect(row('deja-fait')).toContainText('« déjà fait : sa commande unless a réussi »');
  await runStep.click();
  await expect(row('reussit')).toHaveAttribute('data-status', 'succeeded');
  await expect(row('reussit').locator('.run-step-facts')).toContainText(/\d,\d s/);

  // Aborted without a reason: the engine records "aborted by <operator>".
  await page.getByRole('button', { name: 'Abandonner', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Abandonner l’exécution' }).click();
  await expect(page.getByText('Exécution abandonnée.')).toBeVisible();

  await page.goto(`${world.host.origin}/#/history/${encodeURIComponent(runId)}`);
  await expect(page.locator('.run-record-reason')).toHaveText(/^Motif : abandonnée par \S+$/);
  await expect(page.locator('.recorded-step-note').first()).toHaveText(
    'Ignorée : déjà fait : sa commande unless a réussi',
  );
  await expect(page.getByRole('button', { name: 'Reprendre' })).toBeVisible();
});
