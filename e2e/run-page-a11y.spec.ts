/**
 * The run page's accessibility. Both themes, checked by a maintained accessibility checker (axe-core) rather than by eye:
 * a run with a succeeded, a failed and a pending step and a manual step (every card state the page draws in
 * colour), in light and in dark. Dark mode once left the step cards white with near-white text (1.2:1) and
 * the Abort button white on light red (2.4:1): the run page's stylesheet used colours of its own instead of
 * the theme's tokens. Screenshots of both are kept in e2e/artifacts/. And the keyboard alone: the terminal
 * once took the focus when the page opened and kept every key (Tab, Shift+Tab, Esc, F6), so "Run this step"
 * could not be reached without a mouse.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp } from './app-link';
import { startAppServerWorld, type AppServerWorld } from './app-server-world';
import type { WebHost } from './web-host';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
fs.mkdirSync(artifacts, { recursive: true });

const runbook = `---
id: theme-run
title: Essai des couleurs de la page d'exécution
chapter: "0"
servers: [app]
variables:
  service: { label: Service vérifié, default: gunicorn, pattern: '[a-z-]+' }
---

# Essai

Une étape qui réussit.

\`\`\`sh {"name":"reussit","target":"app"}
echo "tout va bien"
\`\`\`

Une vérification de {{service}} qui échoue.

\`\`\`sh {"name":"echoue","target":"app","check":true}
echo "le service ne répond pas" >&2; false
\`\`\`

Une étape qui attend son tour.

\`\`\`sh {"name":"attend","target":"app"}
echo "plus tard"
\`\`\`

- [ ] Prévenir l'équipe {#prevenir}
`;

// A form with a required field (no default), one with a default, and a pattern with an example.
const formRunbook = `---
id: theme-form
title: Essai du formulaire d'exécution
chapter: "0"
servers: [app]
variables:
  dossier: { label: Dossier de travail, example: /tmp/rb-essai, pattern: '/tmp/rb-[a-z-]+' }
  site: { label: Nom du site, default: oc-pizzas, pattern: '[a-z-]+' }
---

# Essai

\`\`\`sh {"name":"lister","target":"app","check":true}
ls -d {{dossier}} {{site}} || true
\`\`\`
`;

let world: AppServerWorld;
let host: WebHost;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await startAppServerWorld('theme', {
    'theme-run.md': runbook,
    'theme-form.md': formRunbook,
  });
  host = world.host;
});

test.afterAll(async () => {
  await world?.stop();
});

/** Serious and critical axe violations on the page, one line each (rule, impact, the first nodes). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    // The terminal's cells are the remote programs' own colours, drawn by xterm.js: not ours to judge.
    .exclude('.xterm')
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes
          .slice(0, 3)
          .map((node) => `${node.target.join(' ')} — ${node.failureSummary?.split('\n').slice(1).join(' ')}`)
          .join(' | ')}`,
    );
}

test('the run page is readable in light and dark themes (axe: no serious or critical violation)', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, host, '#/procedures/theme-run/run');
  await page.getByRole('button', { name: 'Démarrer l’exécution' }).click();
  await expect(page).toHaveURL(/#\/runs\//);
  const row = (name: string) => page.locator(`li.run-step[data-step="${name}"]`);
  await page.getByRole('button', { name: 'Exécuter jusqu’à la prochaine pause' }).click();
  await expect(row('reussit')).toHaveAttribute('data-status', 'succeeded');
  await expect(row('echoue')).toHaveAttribute('data-status', 'failed');
  await expect(row('attend')).toHaveAttribute('data-status', 'pending');
  // Each card says what it runs and, failed, what it printed last; titles read with the run's values.
  await expect(row('reussit').locator('.run-step-command')).toHaveText('echo "tout va bien"');
  await expect(row('echoue').locator('.run-step-title')).toHaveText(
    'Une vérification de gunicorn qui échoue.',
  );
  await expect(row('echoue').locator('.run-step-output')).toContainText('le service ne répond pas');
  await expect(row('reussit').locator('.run-step-output')).toHaveCount(0);
  // The terminal echoes each command as it ran (not just the step's name), the name as a comment.
  const rows = page.locator('.terminal-view[data-role="app"] .xterm-rows > div');
  await expect(rows.filter({ hasText: /echo "tout va bien"\s+# reussit/ })).toHaveCount(1);
  await expect(rows.filter({ hasText: /echo "le service ne répond pas" >&2; false\s+# echoue/ })).toHaveCount(
    1,
  );

  for (const scheme of ['light', 'dark'] as const) {
    // The theme setting defaults to the system's: the emulated media query is what a user's OS would say.
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await page.screenshot({ path: path.join(artifacts, `run-page-${scheme}.png`) });
    expect(await seriousViolations(page), `axe, ${scheme} theme`).toEqual([]);
  }
});

/** Presses `key` (at most 40 times) until `target` has the focus. */
async function tabUntilFocused(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab'): Promise<void> {
  const focused = () => target.evaluate((element) => element === element.ownerDocument.activeElement);
  for (let i = 0; i < 40 && !(await focused()); i++) await page.keyboard.press(key);
  await expect(target).toBeFocused();
}

/** Whether the focused element is inside a terminal (xterm.js's hidden textarea). */
function focusInTerminal(page: Page): Promise<boolean> {
  return page.evaluate("!!document.activeElement?.closest('.terminal-view')");
}

test('the keyboard alone leaves the terminal, comes back to it, and reaches the run buttons', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, host, '#/procedures/theme-run/run');
  await page.getByRole('button', { name: 'Démarrer l’exécution' }).click();
  await expect(page).toHaveURL(/#\/runs\//);
  await expect(page.locator('.terminal-view[data-role="app"] .xterm-screen')).toBeVisible();
  // The page opens with the focus on the page, not in the terminal.
  expect(await focusInTerminal(page)).toBe(false);

  // Keys only, from the page: Tab to "Exécuter cette étape", Enter runs the first step (which opens the shell).
  const runStep = page.locator('.run-toolbar').getByRole('button', { name: 'Exécuter cette étape' });
  await tabUntilFocused(page, runStep, 'Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('li.run-step[data-step="reussit"]')).toHaveAttribute('data-status', 'succeeded');

  // In the terminal, once something was typed, Tab is the shell's completion ("ech" + Tab = "echo ").
  await page.locator('.terminal-view[data-role="app"] .xterm-screen').click();
  await page.keyboard.type('ech');
  await page.keyboard.press('Tab');
  await page.keyboard.type(' $((40+2))\n');
  const rows = page.locator('.terminal-view[data-role="app"] .xterm-rows > div');
  await expect(rows.filter({ hasText: /^\s*42\s*$/ })).toHaveCount(1);
  expect(await focusInTerminal(page)).toBe(true);

  // Shift+Tab leaves it; F6 comes back; F6 leaves again.
  await page.keyboard.press('Shift+Tab');
  expect(await focusInTerminal(page)).toBe(false);
  await page.keyboard.press('F6');
  expect(await focusInTerminal(page)).toBe(true);
  await page.keyboard.press('F6');
  expect(await focusInTerminal(page)).toBe(false);

  // Back in it with nothing typed yet, Tab passes through, as it does through any other part of the page;
  // then Shift+Tab back to the run buttons, and Enter runs the next step.
  await page.keyboard.press('F6');
  await page.keyboard.press('Tab');
  expect(await focusInTerminal(page)).toBe(false);
  await tabUntilFocused(page, runStep, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('li.run-step[data-step="echoue"]')).toHaveAttribute('data-status', 'failed');
});

test('the run form marks required fields, says in words what is wrong and takes the focus there', async ({
  page,
}) => {
  await openApp(page, host, '#/procedures/theme-form/run');
  const dossier = page.getByLabel('Dossier de travail');
  await expect(dossier).toHaveAttribute('required', '');
  await expect(page.getByLabel('Nom du site')).not.toHaveAttribute('required', '');
  await expect(page.locator('[data-variable="dossier"] .field-required')).toBeVisible();
  await expect(page.getByText('Les champs marqués * sont obligatoires.')).toBeVisible();

  // Submitted empty: the focus goes to the field to fix, which says why.
  await page.getByRole('button', { name: 'Démarrer l’exécution' }).click();
  await expect(dossier).toBeFocused();
  await expect(page.locator('[data-variable="dossier"] .field-error')).toHaveText('Valeur requise.');

  // A bad value: words and an example first, the pattern only as a detail.
  await dossier.fill('/etc');
  await page.getByRole('button', { name: 'Démarrer l’exécution' }).click();
  await expect(page.locator('[data-variable="dossier"] .field-error')).toHaveText(
    'La valeur n’a pas la forme attendue, par exemple « /tmp/rb-essai » (motif : /tmp/rb-[a-z-]+).',
  );
  await page.screenshot({ path: path.join(artifacts, 'run-form-errors.png') });
});
