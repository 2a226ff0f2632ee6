import { defineConfig } from '@playwright/test';

// End-to-end tests of the browser mode: e2e/web-host.setup.ts builds the renderer and starts the real web
// host (electron/web/main.ts) on a free loopback port with a throwaway data dir; tests read its URL (with
// the session token) from RUNBOOK_WEB_URL. Chromium is the system one (no browser download here).
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  testIgnore: ['fixtures/**', 'lab/**', 'integration/**', 'rehearsal/**'],
  globalSetup: './e2e/web-host.setup.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  use: {
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    locale: 'fr-FR',
    colorScheme: 'light',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
