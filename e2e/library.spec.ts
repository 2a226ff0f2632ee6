/**
 * The offline procedures library in browser mode, against the real runbooks/ and the real web host
 * (started by web-host.setup.ts with an empty data dir: no server configured). Saves a screenshot of each
 * view into e2e/artifacts/ for a human to look at.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
fs.mkdirSync(artifacts, { recursive: true });

function webUrl(): string {
  const url = process.env['RUNBOOK_WEB_URL'];
  if (!url) throw new Error('RUNBOOK_WEB_URL is not set: run through playwright.config.ts (global setup)');
  return url;
}

// The host's link works once (e2e/web-host.setup.ts used it): each test's fresh context gets its session.
test.beforeEach(async ({ context }) => {
  const cookie = process.env['RUNBOOK_WEB_COOKIE'];
  if (!cookie)
    throw new Error('RUNBOOK_WEB_COOKIE is not set: run through playwright.config.ts (global setup)');
  await context.addCookies([JSON.parse(cookie) as Parameters<typeof context.addCookies>[0][number]]);
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

async function openSettings(page: Page) {
  await page.getByRole('button', { name: /^(Réglages|Settings)$/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test('library: browse, search to a step, switch language and theme', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  // ---- The library, with no server configured, in French (the browser's language).
  await page.goto(webUrl());
  await expect(page.getByRole('heading', { level: 1, name: 'Bibliothèque de procédures' })).toBeVisible();
  const deployLink = page.getByRole('link', { name: /Procédure de déploiement/ });
  await expect(deployLink).toBeVisible();
  await expect(deployLink.locator('.badge-role-db')).toHaveText('base de données');
  await expect(page.getByRole('heading', { level: 2, name: 'Chapitre 3' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await shot(page, '01-library-fr-light');

  // With no server configured, the Servers view says so for each role (and the library above needed none).
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await nav.getByRole('link', { name: 'Serveurs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Serveurs' })).toBeVisible();
  await expect(page.getByText('Aucun serveur configuré pour ce rôle.')).toHaveCount(4);
  await shot(page, '02-servers-empty');
  await nav.getByRole('link', { name: 'Historique' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Historique' })).toBeVisible();
  await nav.getByRole('link', { name: 'Procédures' }).click();

  // ---- Search "collectstatic" from the keyboard (/ focuses the box) and land on the deployment's step.
  await expect(page.getByRole('heading', { level: 1, name: 'Bibliothèque de procédures' })).toBeVisible();
  await page.keyboard.press('/');
  const search = page.getByRole('combobox', { name: 'Rechercher dans les procédures' });
  await expect(search).toBeFocused();
  await search.fill('collectstatic');
  const options = page.getByRole('listbox', { name: 'Résultats de recherche' }).getByRole('option');
  await expect(options.first()).toBeVisible();
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  const count = await options.count();
  // Arrow down to the deployment runbook's hit: the list is navigable without the mouse.
  let found = false;
  for (let i = 0; i < count; i++) {
    const active = page.locator('[role="option"][aria-selected="true"]');
    if (/Procédure de déploiement › app-collectstatic/.test((await active.textContent()) ?? '')) {
      found = true;
      break;
    }
    await search.press('ArrowDown');
  }
  expect(found, 'a hit for the deployment runbook’s collectstatic step').toBe(true);
  await expect(search).toHaveAttribute('aria-activedescendant', /search-results-option-\d+/);
  await shot(page, '03-search-results');
  await search.press('Enter');

  await expect(page).toHaveURL(/#\/procedures\/deploiement#app-collectstatic$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Procédure de déploiement' })).toBeVisible();
  const step = page.locator('#step-app-collectstatic');
  await expect(step).toHaveClass(/is-target/);
  await expect(step).toBeInViewport();
  await expect(step.locator('.badge-role-app')).toHaveText('application');
  await expect(step.locator('code')).toContainText('manage.py collectstatic --noinput');
  // Variables are named chips until a value is given.
  await expect(step.locator('.ph[data-ref="venv_dir"]').first()).toContainText(
    'Environnement virtuel Python',
  );
  await expect(
    page.getByRole('navigation', { name: 'Plan' }).locator('[aria-current="location"]'),
  ).toBeVisible();
  await page.waitForTimeout(300); // let the smooth scroll settle before the picture (not an assertion)
  await shot(page, '04-runbook-step-fr-light');

  // A preview value replaces the chips; a value breaking the pattern is refused inline.
  const venv = page.getByRole('textbox', { name: 'Environnement virtuel Python' });
  await venv.fill('/opt/oc pizzas; rm -rf /');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Ne respecte pas le format attendu' }),
  ).toBeVisible();
  await expect(step.locator('.ph-filled')).toHaveCount(0);
  await venv.fill('/opt/venv');
  await expect(step.locator('.ph-filled[data-ref="venv_dir"]')).toHaveText('/opt/venv');
  await shot(page, '05-runbook-variables-preview');

  // ---- Language: English UI, French runbook content.
  const dialog = await openSettings(page);
  await expect(dialog.getByRole('radio', { name: 'Système' }).first()).toBeChecked();
  await shot(page, '06-settings-dialog');
  // Focus stays in the dialog (trap) however far one tabs.
  for (let i = 0; i < 10; i++) await page.keyboard.press('Tab');
  await expect(dialog.locator(':focus')).toHaveCount(1);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Tab');
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await dialog.getByRole('radio', { name: 'English' }).check();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(
    page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Procedures' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print / PDF' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(step.locator('.badge-role-app')).toHaveText('application');
  await expect(page.getByRole('heading', { level: 1, name: 'Procédure de déploiement' })).toBeVisible();

  // ---- Theme: dark, with a visible change of colour.
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  // --bg of each theme (renderer/styles/tokens.css): the page really changes colour, not just an attribute.
  const body = page.locator('body');
  await expect(body).toHaveCSS('background-color', 'rgb(246, 247, 249)');
  const dark = await openSettings(page);
  await dark.getByRole('radio', { name: 'Dark' }).check();
  await dark.getByRole('button', { name: 'Close' }).last().click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(body).toHaveCSS('background-color', 'rgb(20, 23, 30)');
  await page.locator('#step-app-collectstatic').scrollIntoViewIfNeeded();
  await shot(page, '07-runbook-en-dark');

  // ---- Both settings are saved by the backend: a reload keeps them.
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('link', { name: 'All procedures' })).toBeVisible();
  await page.getByRole('link', { name: 'All procedures' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Procedures library' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Chapter 3' })).toBeVisible();
  await shot(page, '08-library-en-dark');

  // ---- Print: the print stylesheet keeps only the runbook (no sidebar, no panels, wrapped code).
  await page.goto(webUrl().replace(/#.*$/, '#/procedures/deploiement#app-collectstatic'));
  await expect(page.locator('#step-app-collectstatic')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.sidebar')).toBeHidden();
  await expect(page.locator('.runbook-variables-column')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print / PDF' })).toBeHidden();
  await page.locator('#step-app-collectstatic').scrollIntoViewIfNeeded();
  await shot(page, '09-print-preview');
  await page.emulateMedia({ media: 'screen' });

  expect(pageErrors).toEqual([]);
});

test('keyboard: Ctrl+K, arrows through the library, outline jump', async ({ page }) => {
  await page.goto(webUrl());
  await expect(page.locator('.runbook-item').first()).toBeVisible();
  // Arrow keys move between library entries; Enter opens one.
  await page.locator('.runbook-item').first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.runbook-item').nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('.runbook-item').first()).toBeFocused();
  await page.keyboard.press('Control+K');
  await expect(page.getByRole('combobox')).toBeFocused();

  await page.goto(webUrl().replace(/#.*$/, '#/procedures/deploiement'));
  const outline = page.locator('nav.outline');
  await expect(outline).toBeVisible();
  const second = outline.getByRole('link').nth(1);
  const href = (await second.getAttribute('href')) ?? '';
  await second.focus();
  await page.keyboard.press('Enter');
  const sectionId = decodeURIComponent(href.split('#').pop() ?? '');
  await expect(page.locator(`[id="sec-${sectionId}"]`)).toBeInViewport();
});

test('runbook page: file steps and manual steps as checklist cards', async ({ page }) => {
  const base = webUrl().replace(/#.*$/, '');
  await page.goto(webUrl());
  await expect(page.locator('.runbook-item').first()).toBeVisible();
  await page.goto(`${base}#/procedures/deploiement#web-nginx-site`);
  const file = page.locator('#step-web-nginx-site');
  await expect(file).toBeVisible();
  await expect(file.locator('.step-head')).toBeInViewport({ ratio: 1 });
  await expect(file.locator('.badge-role-web')).toBeVisible();
  await expect(file.locator('.step-fact-file')).toContainText('/etc/nginx/sites-available/oc-pizzas');
  await expect(file.locator('.step-fact-file')).toContainText('mode 0644');
  await expect(file.locator('.hljs-section, .hljs-attribute').first()).toBeVisible(); // nginx highlighted
  await page.waitForTimeout(300); // smooth scroll settles before the picture (not an assertion)
  await shot(page, '10-runbook-file-step');

  await page.goto(`${base}#/procedures/restauration`);
  const task = page.locator('.task-item').first();
  await expect(task).toBeVisible();
  await expect(task.locator('input[type="checkbox"]')).toBeDisabled();
  const id = (await task.getAttribute('id')) ?? '';
  expect(id).toMatch(/^step-/);
  await page.goto(`${base}#/procedures/restauration#${id.slice('step-'.length)}`);
  await expect(task).toHaveClass(/is-target/);
  await expect(task).toBeInViewport({ ratio: 1 });
  await page.waitForTimeout(300);
  await shot(page, '11-runbook-manual-steps');
});
