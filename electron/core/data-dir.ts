import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the app keeps its state: runs, known_hosts, inventory, settings. The CLI and the desktop app
 * share it, so a run started from the CLI shows up in the app's history.
 */
export const PRODUCT_NAME = 'OC Pizzas Runbook';
export const DATA_DIR_ENV = 'RUNBOOK_DATA_DIR';

export interface ResolveDataDirOptions {
  /** The --data-dir flag. */
  flag?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homedir?: string;
}

/**
 * --data-dir, else $RUNBOOK_DATA_DIR, else the folder Electron's app.getPath('userData') gives the
 * desktop app for productName "OC Pizzas Runbook" (computed here because core never imports electron;
 * electron/main should still pass app.getPath('userData') as the flag so the two can never drift).
 */
export function resolveDataDir({
  flag,
  env = process.env,
  platform = process.platform,
  homedir = os.homedir(),
}: ResolveDataDirOptions = {}): string {
  if (flag) return path.resolve(flag);
  if (env[DATA_DIR_ENV]) return path.resolve(env[DATA_DIR_ENV]);
  switch (platform) {
    case 'darwin':
      return path.join(homedir, 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      return path.win32.join(env.APPDATA ?? path.win32.join(homedir, 'AppData', 'Roaming'), PRODUCT_NAME);
    default: {
      const xdg = env.XDG_CONFIG_HOME;
      // Electron ignores a relative XDG_CONFIG_HOME, as the XDG spec asks.
      return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir, '.config'), PRODUCT_NAME);
    }
  }
}

export const runsDir = (dataDir: string): string => path.join(dataDir, 'runs');
export const runDir = (dataDir: string, runId: string): string => path.join(runsDir(dataDir), runId);
export const knownHostsPath = (dataDir: string): string => path.join(dataDir, 'known_hosts');
/** Settings (electron-store/conf with cwd = dataDir, configName 'settings'). */
export const settingsPath = (dataDir: string): string => path.join(dataDir, 'settings.json');
/** Server inventory (inventory-store.ts). */
export const inventoryPath = (dataDir: string): string => path.join(dataDir, 'inventory.json');

/**
 * A run id that sorts by start time and says what ran: `2026-11-25T12-30-00Z-deploy-ab12`.
 * Safe as a folder name on every OS (no ':'); the random suffix tells apart two runs in one second.
 */
export function newRunId(date: Date, runbookId: string): string {
  const stamp = date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
  const slug =
    runbookId
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'run';
  return `${stamp}-${slug}-${randomBytes(2).toString('hex')}`;
}

export const RUN_ID_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-[a-z0-9-]+-[0-9a-f]{4}$/;

/** OpenSSH allowed_signers trusted by `runbook verify` by default (docs/run-records.md). */
export const allowedSignersPath = (dataDir: string): string => path.join(dataDir, 'allowed_signers');
