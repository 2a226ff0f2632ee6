/**
 * Lost connections and reopened run pages, in browser mode (issue 18, findings 4 and 5): real web host, real SSH
 * lab, real keychain (run under e2e/lab/with-keyring.sh). docs/runs-and-connections.md says what is promised.
 *
 * (a) A lab server killed during a run: the run page and the terminal say so at once, the next step on that
 *     server does not run in a new shell by itself, and "reconnect and re-run the set-up" brings back the shell's
 *     state (a `cd` and an `export`) before the run finishes.
 * (b) A run page opened again (navigated away and back, reloaded) shows the terminal's earlier output again, from
 *     its transcript, and new output once.
 * (c) The web host stopped while a page is open: the page says so at once, in French.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { journalPath } from '../electron/core/run/journal-format';
import { runDir } from '../electron/core/data-dir';
import type { Lab } from './lab/lab';
import { openApp } from './app-link';
import { startAppServerWorld, type AppServerWorld } from './app-server-world';
import { startWebHost, type WebHost } from './web-host';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
fs.mkdirSync(artifacts, { recursive: true });

// `cd` and `export` live in the shell only: "verifier" succeeds only in the shell "entrer" set up.
const reconnectRunbook = `---
id: reconnect-run
title: Essai de connexion perdue
chapter: "0"
servers: [app]
---

# Essai

Entrer dans un dossier de travail et exporter une variable : l'état du shell.

\`\`\`sh {"name":"entrer","target":"app"}
cd "$(mktemp -d /tmp/rb-reco-XXXXXX)" && export ETAPE=prete
echo "dans $PWD"
\`\`\`

Vérifier l'état du shell.

\`\`\`sh {"name":"verifier","target":"app"}
test "$ETAPE" = prete && case "$PWD" in /tmp/rb-reco-*) echo "etat-$ETAPE";; *) false;; esac
\`\`\`
`;

// The outputs are computed by the shell, so that the echoed command line never matches them.
const reopenRunbook = `---
id: reopen-run
title: Essai de réouverture
chapter: "0"
servers: [app]
---

# Essai

Une étape qui échoue, avec une sortie reconnaissable.

\`\`\`sh {"name":"echoue","target":"app"}
echo "sortie-$((6*7))-distinctive"; false
\`\`\`

La suite.

\`\`\`sh {"name":"suite","target":"app"}
echo "suite-$((40+2))-unique"
\`\`\`

Une sortie qui dure, pendant laquelle la page est rechargée.

\`\`\`sh {"name":"compte","target":"app"}
for i in $(seq 1 12); do echo "n-$((i*1))-fin"; sleep 0.15; done
\`\`\`
`;

let world: AppServerWorld;
let lab: Lab;
let host: WebHost;
let dataDir: string;
let runbooksDir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await startAppServerWorld('reco', {
    'reconnect-run.md': reconnectRunbook,
    'reopen-run.md': reopenRunbook,
  });
  ({ lab, host, dataDir, runbooksDir } = world);
});

test.afterAll(async () => {
  await world?.stop();
});

const row = (page: Page, name: string) => page.locator(`li.run-step[data-step="${name}"]`);
const terminalRows = (page: Page) => page.locator('.terminal-view[data-role="app"] .xterm-rows > div');

async function startRun(page: Page, runbookId: string): Promise<string> {
  await openApp(page, host, `#/procedures/${runbookId}/run`);
  await page.getByRole('button', { name: 'Démarrer l’exécution' }).click();
  await expect(page).toHaveURL(/#\/runs\/[^/]+$/);
  return decodeURIComponent(/#\/runs\/([^/]+)$/.exec(page.url())![1]!);
}

function journal(runId: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(journalPath(runDir(dataDir, runId)), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('(a) a killed server is announced, the next step waits for a choice, and reconnecting restores the shell', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const runId = await startRun(page, 'reconnect-run');
  await page.getByRole('button', { name: 'Exécuter cette étape' }).first().click();
  await expect(row(page, 'entrer')).toHaveAttribute('data-status', 'succeeded');

  const server = lab.server('app');
  server.kill();
  try {
    // Said at once, while the run is idle: an alert on the page, a line in the terminal.
    const alert = page.getByTestId('lost-connection');
    await expect(alert).toHaveAttribute('role', 'alert');
    await expect(alert).toContainText('Connexion perdue avec le serveur application');
    await expect(
      terminalRows(page).filter({ hasText: '── connexion perdue avec application (' }),
    ).toHaveCount(1);

    // The next step on that server does not run in a new shell: the run waits for the engineer.
    await page.getByRole('button', { name: 'Exécuter cette étape' }).first().click();
    await expect(page.locator('.run-page')).toHaveAttribute('data-phase', 'awaiting-reconnect');
    await expect(row(page, 'verifier')).toHaveAttribute('data-status', 'pending');
    await expect(row(page, 'verifier')).toContainText('choisissez comment reprendre');
    await expect(alert).toContainText('variables exportées');
    await expect(alert).toContainText(
      'Étapes de préparation rejouées d’abord dans le nouveau shell : entrer.',
    );
    expect(journal(runId).filter((e) => e.type === 'step-started' && e.step === 'verifier')).toEqual([]);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await page.screenshot({ path: path.join(artifacts, `reconnect-lost-${scheme}.png`) });
      // The alert and its buttons are readable in both themes (the terminal's cells are xterm.js's to draw).
      const axe = await new AxeBuilder({ page }).exclude('.xterm').analyze();
      const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  } finally {
    await server.restart();
  }

  await page.getByRole('button', { name: 'Reconnecter et rejouer la préparation' }).click();
  await expect(page.locator('.run-page')).toHaveAttribute('data-phase', 'finished');
  await expect(row(page, 'verifier')).toHaveAttribute('data-status', 'succeeded');
  await expect(terminalRows(page).filter({ hasText: /^etat-prete\s*$/ })).toHaveCount(1);
  await expect(page.getByTestId('lost-connection')).toHaveCount(0);

  const events = journal(runId);
  const types = events.map((e) => `${String(e.type)}${e.step ? `:${String(e.step)}` : ''}`);
  const chosen = events.find((e) => e.type === 'reconnect-chosen');
  expect(chosen).toMatchObject({ role: 'app', choice: 'replay', steps: ['entrer'] });
  // In order: the drop, the choice, "entrer" again in the new shell, then "verifier".
  const at = (type: string) => types.indexOf(type);
  expect(at('server-disconnected')).toBeGreaterThan(at('step-finished:entrer'));
  expect(at('reconnect-chosen')).toBeGreaterThan(at('server-disconnected'));
  expect(types.lastIndexOf('step-started:entrer')).toBeGreaterThan(at('reconnect-chosen'));
  expect(at('step-started:verifier')).toBeGreaterThan(types.lastIndexOf('step-finished:entrer'));
});

test('(b) a reopened run page shows the earlier output again, then new output once', async ({ page }) => {
  test.setTimeout(120_000);
  const runId = await startRun(page, 'reopen-run');
  await page.getByRole('button', { name: 'Exécuter jusqu’à la prochaine pause' }).click();
  await expect(row(page, 'echoue')).toHaveAttribute('data-status', 'failed');
  const failedLine = terminalRows(page).filter({ hasText: /^sortie-42-distinctive\s*$/ });
  await expect(failedLine).toHaveCount(1);

  // Away and back: a new terminal, filled from the transcript.
  await page.evaluate("window.location.hash = '#/servers'");
  await expect(page.getByRole('heading', { level: 1, name: 'Serveurs' })).toBeVisible();
  await page.evaluate(`window.location.hash = '#/runs/${runId}'`);
  await expect(row(page, 'echoue')).toHaveAttribute('data-status', 'failed');
  await expect(failedLine).toHaveCount(1);

  // A reload: the same.
  await page.reload();
  await expect(row(page, 'echoue')).toHaveAttribute('data-status', 'failed');
  await expect(failedLine).toHaveCount(1);

  // Then live again, each line once.
  await row(page, 'echoue').getByRole('button', { name: 'Ignorer…' }).click();
  const skip = page.getByRole('dialog', { name: 'Ignorer l’étape echoue' });
  await skip.getByLabel('Raison').fill('essai de réouverture');
  await skip.getByRole('button', { name: 'Ignorer l’étape' }).click();
  await page.getByRole('button', { name: 'Exécuter cette étape' }).first().click();
  await expect(row(page, 'suite')).toHaveAttribute('data-status', 'succeeded');
  await expect(terminalRows(page).filter({ hasText: /^suite-42-unique\s*$/ })).toHaveCount(1);
  await expect(failedLine).toHaveCount(1);

  // Reloaded while a step prints (its 12 lines take about 2 s; the reload comes after the third): what came
  // before the reload is replayed, what came after is live, and the seam neither repeats nor drops a line.
  await page.getByRole('button', { name: 'Exécuter cette étape' }).first().click();
  await expect(terminalRows(page).filter({ hasText: /^n-3-fin\s*$/ })).toHaveCount(1);
  await page.reload();
  await expect(row(page, 'compte')).toHaveAttribute('data-status', 'succeeded');
  for (let i = 1; i <= 12; i++)
    await expect(terminalRows(page).filter({ hasText: new RegExp(`^n-${i}-fin\\s*$`) })).toHaveCount(1);
});

test('(c) a stopped web host is shown at once, in French', async ({ page }) => {
  test.setTimeout(60_000);
  const ownData = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-e2e-reco-host-'));
  const own = await startWebHost({ dataDir: ownData, runbooksDir });
  try {
    await page.goto(own.url);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await expect(nav.getByRole('link', { name: 'Historique' })).toBeVisible();
    await expect(page.getByText(/Essai de connexion perdue/).first()).toBeVisible();
    await expect(page.getByTestId('connection-lost')).toHaveCount(0);

    await own.stop();
    const banner = page.getByTestId('connection-lost');
    await expect(banner).toHaveAttribute('role', 'alert');
    await expect(banner).toContainText('Connexion à l’application perdue');
    await expect(banner).toContainText(/Nouvelle tentative dans \d+ s|Tentative de reconnexion/);
    await expect(banner.getByRole('button', { name: 'Reconnecter' })).toBeVisible();
    await page.screenshot({ path: path.join(artifacts, 'reconnect-host-lost.png') });

    // A view that needs the host now says why it cannot load, in French, not the transport's English.
    await nav.getByRole('link', { name: 'Historique' }).click();
    const error = page.locator('.page-error');
    await expect(error).toContainText('Connexion à l’application perdue : l’action n’a pas été faite.');
    await expect(page.locator('body')).not.toContainText('runbook server');
  } finally {
    await own.stop();
    fs.rmSync(ownData, { recursive: true, force: true });
  }
});
