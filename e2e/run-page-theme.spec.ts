/**
 * The run page in both themes, checked by a maintained accessibility checker (axe-core) rather than by eye:
 * a run with a succeeded, a failed and a pending step and a manual step (every card state the page draws in
 * colour), in light and in dark. Dark mode once left the step cards white with near-white text (1.2:1) and
 * the Abort button white on light red (2.4:1): the run page's stylesheet used colours of its own instead of
 * the theme's tokens. Screenshots of both are kept in e2e/artifacts/.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab, type Lab } from './lab/lab';
import { addServer } from './servers-page';
import { startWebHost, type WebHost } from './web-host';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
fs.mkdirSync(artifacts, { recursive: true });

const runbook = `---
id: theme-run
title: Essai des couleurs de la page d'exécution
chapter: "0"
servers: [app]
---

# Essai

Une étape qui réussit.

\`\`\`sh {"name":"reussit","target":"app"}
echo "tout va bien"
\`\`\`

Une vérification qui échoue.

\`\`\`sh {"name":"echoue","target":"app","check":true}
echo "le service ne répond pas" >&2; false
\`\`\`

Une étape qui attend son tour.

\`\`\`sh {"name":"attend","target":"app"}
echo "plus tard"
\`\`\`

- [ ] Prévenir l'équipe {#prevenir}
`;

let lab: Lab;
let host: WebHost | undefined;
let dataDir: string;
let runbooksDir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  lab = await startLab({ roles: ['app'] });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-e2e-theme-data-'));
  runbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-e2e-theme-books-'));
  fs.writeFileSync(path.join(runbooksDir, 'theme-run.md'), runbook);
  host = await startWebHost({ dataDir, runbooksDir });
});

test.afterAll(async () => {
  await host?.stop();
  await lab?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  if (runbooksDir) fs.rmSync(runbooksDir, { recursive: true, force: true });
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
  await page.goto(host!.url);
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Serveurs' })
    .click();
  await addServer(page, lab.server('app'), 'key');

  await page.evaluate("window.location.hash = '#/procedures/theme-run/run'");
  await page.getByRole('button', { name: 'Démarrer l’exécution' }).click();
  await expect(page).toHaveURL(/#\/runs\//);
  const row = (name: string) => page.locator(`li.run-step[data-step="${name}"]`);
  await page.getByRole('button', { name: 'Exécuter jusqu’à la prochaine pause' }).click();
  await expect(row('reussit')).toHaveAttribute('data-status', 'succeeded');
  await expect(row('echoue')).toHaveAttribute('data-status', 'failed');
  await expect(row('attend')).toHaveAttribute('data-status', 'pending');

  for (const scheme of ['light', 'dark'] as const) {
    // The theme setting defaults to the system's: the emulated media query is what a user's OS would say.
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await page.screenshot({ path: path.join(artifacts, `run-page-${scheme}.png`) });
    expect(await seriousViolations(page), `axe, ${scheme} theme`).toEqual([]);
  }
});
