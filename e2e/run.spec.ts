/**
 * The guided run in browser mode, end to end: real web host (its own, on the fixture runbooks and a fresh data
 * dir), real SSH lab (three sshd on loopback), real keychain (run under e2e/lab/with-keyring.sh).
 *
 * Servers are configured through the Servers view; the run goes through its form, a failure fixed by typing in
 * the same terminal, a file installed after its diff, a flood of output stopped by Ctrl-C while the page stays
 * responsive, a skip with its reason and a manual tick; then the history replays and exports it, and no file of
 * the data dir holds a secret. A second test changes a host key and sees the run refused.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeychainSecretStore } from '../electron/core/vault/keychain-store';
import { KEYCHAIN_SERVICE, secretAccounts } from '../electron/core/vault/secret-store';
import { startLab, type Lab } from './lab/lab';
import { addServer, roleSection } from './servers-page';
import { startWebHost, type WebHost } from './web-host';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
fs.mkdirSync(artifacts, { recursive: true });

test.describe.configure({ mode: 'serial' });

let lab: Lab;
let host: WebHost | undefined;
/** http://127.0.0.1:PORT: the app, once a page of the test's context used a link of the host. */
let origin: string;
let dataDir: string;
let runbooksDir: string;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  lab = await startLab({ roles: ['app', 'db', 'web'] });
  // `npm test` runs every suite in one Secret Service session, and the CLI integration tests store the lab
  // password under the same server ids (ids default to the role): start from an empty keychain for them, so the
  // Servers view shows what a first configuration shows (this test once waited for a password input that a
  // stale entry had hidden).
  const keychain = new KeychainSecretStore();
  for (const role of ['app', 'db', 'web']) {
    await keychain.delete(KEYCHAIN_SERVICE, secretAccounts.serverPassword(role));
    await keychain.delete(KEYCHAIN_SERVICE, secretAccounts.keyPassphrase(role));
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-e2e-run-data-'));
  runbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-e2e-run-books-'));
  fs.copyFileSync(
    path.join(repoRoot, 'e2e/fixtures/runbooks/ui-run.md'),
    path.join(runbooksDir, 'ui-run.md'),
  );
  // Our own host: the fixture runbook folder and a data dir this file can walk at the end.
  host = await startWebHost({ dataDir, runbooksDir });
  origin = host.origin;
});

test.afterAll(async () => {
  await host?.stop();
  await lab?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  if (runbooksDir) fs.rmSync(runbooksDir, { recursive: true, force: true });
});

function stepRow(page: Page, name: string): Locator {
  return page.locator(`li.run-step[data-step="${name}"]`);
}

function terminal(page: Page, role: string): Locator {
  return page.locator(`.terminal-view[data-role="${role}"] .xterm-rows`);
}

async function typeInTerminal(page: Page, role: string, text: string): Promise<void> {
  await page.getByRole('tab', { name: roleLabel(role) }).click();
  await page.locator(`.terminal-view[data-role="${role}"] .xterm-screen`).click();
  await page.keyboard.type(text);
}

function roleLabel(role: string): string {
  return { app: 'application', db: 'base de données', web: 'web', backup: 'sauvegarde' }[role] ?? role;
}

/** Every file under dir, recursively. */
function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

test('guided run: form, failure fixed in the terminal, diff, flood stopped by Ctrl-C, skip, history', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const dossier = `/tmp/rb-ui-${randomBytes(4).toString('hex')}`;

  // ---- Three servers through the Servers view: app by password (keychain), db and web by key.
  await page.goto(await host!.takeLink());
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Serveurs' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Serveurs' })).toBeVisible();
  await addServer(page, lab.server('app'), 'password');
  await addServer(page, lab.server('db'), 'key');
  await addServer(page, lab.server('web'), 'key');
  await shot(page, 'run-01-servers');

  // ---- The runbook page's "Exécuter" opens the form; bad input is flagged beside its field.
  await page.goto(`${origin}/#/procedures/ui-run`);
  await page.getByRole('link', { name: 'Exécuter', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Exécuter « Essai guidé/ })).toBeVisible();
  const dossierField = page.getByLabel('Dossier de travail sur les serveurs');
  await dossierField.fill('/etc; rm -rf /');
  await dossierField.blur();
  await expect(page.locator('[data-variable="dossier"] .field-error')).toContainText(
    'n’a pas la forme attendue, par exemple « /tmp/rb-ui-essai »',
  );
  await dossierField.fill(dossier);
  await expect(page.locator('[data-variable="dossier"] .field-error')).toHaveCount(0);
  const jeton = page.locator('[data-variable="jeton"]');
  await expect(jeton.getByLabel("Jeton d'API de l'application")).toHaveAttribute('type', 'password');
  await jeton.getByRole('button', { name: 'Afficher' }).click();
  await expect(jeton.getByLabel("Jeton d'API de l'application")).toHaveAttribute('type', 'text');
  await jeton.getByRole('button', { name: 'Masquer' }).click();
  await jeton.getByRole('button', { name: 'Générer' }).click();
  await expect(jeton).toContainText('enregistrée dans le trousseau');
  await shot(page, 'run-02-form');
  await page.getByRole('button', { name: 'Démarrer l’exécution' }).click();
  await expect(page).toHaveURL(/#\/runs\/[^/]+$/);
  const runId = decodeURIComponent(/#\/runs\/([^/]+)$/.exec(page.url())![1]!);
  await expect(page.getByRole('tab')).toHaveCount(3);
  // Browser mode reads its api socket in a worker (renderer/api/worker-socket.ts), not on the page's thread.
  expect(page.workers().map((worker) => worker.url())).toEqual([
    expect.stringMatching(/\/assets\/socket-worker-[\w-]+\.js$/),
  ]);

  // ---- Run until the next pause: "preparer" passes, "verifier-prerequis" fails (missing file).
  await page.getByRole('button', { name: 'Exécuter jusqu’à la prochaine pause' }).click();
  await expect(stepRow(page, 'preparer')).toHaveAttribute('data-status', 'succeeded');
  await expect(stepRow(page, 'verifier-prerequis')).toHaveAttribute('data-status', 'failed');
  await expect(stepRow(page, 'verifier-prerequis')).toContainText('code 1');
  await expect(terminal(page, 'app')).toContainText(`fichier manquant : ${dossier}/prerequis`);
  await shot(page, 'run-03-failed-step');

  // Fixed by typing in the same terminal, then retried.
  await typeInTerminal(page, 'app', `touch ${dossier}/prerequis\n`);
  await expect.poll(() => fs.existsSync(`${dossier}/prerequis`)).toBe(true);
  await stepRow(page, 'verifier-prerequis').getByRole('button', { name: 'Réessayer' }).click();
  await expect(stepRow(page, 'verifier-prerequis')).toHaveAttribute('data-status', 'succeeded');
  await expect(terminal(page, 'app')).toContainText('prérequis présent');

  // ---- The file step asks for confirmation, with the exact target and the diff against the server.
  await page.getByRole('button', { name: 'Exécuter jusqu’à la prochaine pause' }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirmer l’étape config-web' });
  await expect(confirm).toContainText('Installer la configuration du site oc-pizzas-essai ?');
  await expect(confirm).toContainText(`${dossier}/site.conf`);
  await expect(confirm.getByTestId('file-diff')).toContainText('Le fichier n’existe pas encore');
  await expect(confirm.getByTestId('file-diff')).toContainText('+jeton = ••••••');
  await shot(page, 'run-04-confirm-diff');
  await confirm.getByRole('button', { name: 'Confirmer et exécuter' }).click();
  await expect(stepRow(page, 'config-web')).toHaveAttribute('data-status', 'succeeded');

  // ---- The flood: hundreds of MB of output. The page stays responsive and Ctrl-C ends the step.
  await expect(stepRow(page, 'deluge')).toHaveAttribute('data-status', 'running');
  await expect(page.locator('.terminal-banner')).toContainText('deluge');
  await expect(terminal(page, 'db')).toContainText('ligne de données de la base oc-pizzas');
  // A click during the flood is handled (the tab switches) within the normal timeouts.
  await page.getByRole('tab', { name: 'web' }).click();
  await expect(page.getByRole('tab', { name: 'web' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'base de données' }).click();
  await expect(page.getByRole('tab', { name: 'base de données' })).toHaveAttribute('aria-selected', 'true');
  await shot(page, 'run-05-flood');
  await page.locator('.terminal-view[data-role="db"] .xterm-screen').click();
  // Nothing animates without end while a step runs, in a focused terminal: each frame of that was a full
  // redraw of the window, up to a fifth of a core without a GPU (renderer/ui/ui.css, liveTerminal.ts).
  const endless = `document.getAnimations().filter((a) => a.effect?.getTiming().iterations === Infinity)
    .map((a) => a.animationName ?? String(a.id))`;
  expect(await page.evaluate(endless)).toEqual([]);
  await page.keyboard.press('Control+C');
  await expect(stepRow(page, 'deluge')).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(stepRow(page, 'deluge')).toContainText('code 130');

  // ---- Skip it: the reason is required.
  await stepRow(page, 'deluge').getByRole('button', { name: 'Ignorer…' }).click();
  const skip = page.getByRole('dialog', { name: 'Ignorer l’étape deluge' });
  await skip.getByRole('button', { name: 'Ignorer l’étape' }).click();
  await expect(skip).toContainText('Indiquez pourquoi cette étape est ignorée.');
  await skip.getByLabel('Raison').fill('export inutile sur le labo');
  await skip.getByRole('button', { name: 'Ignorer l’étape' }).click();
  await expect(stepRow(page, 'deluge')).toHaveAttribute('data-status', 'skipped');
  await expect(stepRow(page, 'deluge')).toContainText('export inutile sur le labo');

  // ---- The manual step is ticked by hand, then the last step ends the run.
  await page.getByRole('button', { name: 'Exécuter jusqu’à la prochaine pause' }).click();
  const manual = page.locator('li.run-step[data-step^="manual-"]');
  await manual.getByRole('button', { name: 'Cocher : c’est fait' }).click();
  await expect(manual).toHaveAttribute('data-status', 'ticked');
  await page.getByRole('button', { name: 'Exécuter cette étape' }).first().click();
  await expect(page.locator('.run-page')).toHaveAttribute('data-phase', 'finished');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '6');
  await shot(page, 'run-06-finished');

  // ---- The history lists the run, replays it and exports a report with every exit code.
  await page.getByRole('link', { name: 'Voir l’historique' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Historique' })).toBeVisible();
  const entry = page.getByRole('link', { name: /Essai guidé de l'interface/ }).first();
  await expect(entry).toBeVisible();
  // It ended "succeeded", but the flood step failed (Ctrl-C) and was skipped: not a clean success.
  await expect(page.locator('tr', { has: entry }).locator('.badge-outcome-succeeded-with-skips')).toHaveText(
    'réussie, 1 échec ignoré',
  );
  await shot(page, 'run-07-history');
  await entry.click();
  await expect(page).toHaveURL(new RegExp(`#/history/${runId}`));
  // Replay: the app server's transcript, from the failed attempt of verifier-prerequis.
  const prerequis = page.locator('li.recorded-step[data-step="verifier-prerequis"]');
  await prerequis.locator('summary').click();
  await prerequis.getByRole('button', { name: 'Revoir dans le terminal' }).click();
  const replay = page.getByRole('region', { name: 'Relecture du terminal' });
  await replay.getByRole('button', { name: 'Lecture' }).click();
  await expect(replay.locator('.xterm-rows')).toContainText('fichier manquant', { timeout: 30_000 });
  await shot(page, 'run-08-record-replay');
  const download = page.waitForEvent('download');
  await page
    .getByRole('button', { name: /Exporter|Markdown/ })
    .first()
    .click();
  const markdown = page.getByRole('menuitem', { name: 'Markdown' });
  if (await markdown.isVisible().catch(() => false)) await markdown.click();
  const report = fs.readFileSync(await (await download).path(), 'utf8');
  for (const step of ['preparer', 'verifier-prerequis', 'deluge', 'nettoyer']) expect(report).toContain(step);
  expect(report).toContain('- **Outcome**: **succeeded**, with 1 failed step skipped (deluge)');
  expect(report).toMatch(/\b1\b/);
  expect(report).toMatch(/\b130\b/);

  // ---- No secret in any file of the data dir: the server password, the generated token.
  const token = await new KeychainSecretStore().get(
    KEYCHAIN_SERVICE,
    secretAccounts.variable('ui-run', 'jeton'),
  );
  expect(token, 'the generated token is in the keychain').toBeTruthy();
  const files = walk(dataDir);
  expect(files.some((f) => f.endsWith('.cast'))).toBe(true);
  // Ctrl-C stopped the flood long before its 300 MB: the db transcript holds only part of it.
  const dbCast = files.filter((f) => f.includes(runId) && /db(\.\d+)?\.cast$/.test(f));
  expect(dbCast.length).toBe(1);
  expect(fs.statSync(dbCast[0]!).size).toBeLessThan(300_000_000);
  for (const file of files) {
    const content = fs.readFileSync(file);
    expect(content.includes(lab.server('app').password), `password in ${file}`).toBe(false);
    expect(content.includes(token!), `token in ${file}`).toBe(false);
  }
  expect(pageErrors).toEqual([]);
});

test('an ad-hoc terminal on a server is live and recorded in the history', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(await host!.takeLink()); // a new context: the link the host printed after the last one
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Serveurs' })
    .click();
  await roleSection(page, 'db').getByRole('link', { name: 'Ouvrir un terminal' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Terminal — Labo db' })).toBeVisible();
  await typeInTerminal(page, 'db', 'echo "ad hoc $((6 * 7))"\n');
  await expect(terminal(page, 'db')).toContainText('ad hoc 42');
  await shot(page, 'run-10-adhoc-terminal');
  await page.getByRole('button', { name: 'Fermer le terminal' }).click();
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Historique' })
    .click();
  await expect(page.getByRole('link', { name: /Terminal ad hoc — Labo db/ })).toBeVisible();
  const folder = fs.readdirSync(path.join(dataDir, 'runs')).find((name) => name.includes('terminal-db'));
  expect(folder, 'an ad-hoc run folder').toBeTruthy();
  expect(fs.readFileSync(path.join(dataDir, 'runs', folder!, 'db.cast'), 'utf8')).toContain('ad hoc 42');
});

test('a changed host key refuses the run with a red explanation', async ({ page }) => {
  test.setTimeout(120_000);
  await lab.server('app').regenerateHostKey();
  await page.goto(await host!.takeLink()); // a new context: a fresh link, then the hash routes
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // A string, evaluated in the page: this file is type-checked without DOM types.
  await page.evaluate("window.location.hash = '#/procedures/ui-run/run'");
  await page
    .getByLabel('Dossier de travail sur les serveurs')
    .fill(`/tmp/rb-ui-${randomBytes(4).toString('hex')}`);
  await page.getByRole('button', { name: 'Démarrer l’exécution' }).click();
  await expect(page).toHaveURL(/#\/runs\//);
  await page.getByRole('button', { name: 'Exécuter cette étape' }).first().click();
  const alert = page.locator('.run-alert-error');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('La clé d’hôte du serveur a changé : connexion refusée.');
  await expect(alert).toContainText(/CHANGED/);
  // The light theme's --status-failed-fg.
  await expect(alert).toHaveCSS('color', 'rgb(185, 28, 28)');
  await expect(stepRow(page, 'preparer')).not.toHaveAttribute('data-status', 'succeeded');
  await shot(page, 'run-09-host-key-changed');
});
