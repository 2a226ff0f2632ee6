import fs from 'node:fs';
import { resolveDataDir } from '../data-dir';
import { KeychainSecretStore } from '../vault/keychain-store';
import type { SecretStore } from '../vault/secret-store';
import { createBackend, type Backend, type BackendOptions } from './backend';

export interface ComposeOptions {
  mode: BackendOptions['mode'];
  version: string;
  /** The runbooks folder: `<app>/runbooks` in the desktop app, the repo's `runbooks/` in browser mode. */
  runbooksDir: string;
  /** --data-dir; else $RUNBOOK_DATA_DIR, else the desktop app's userData folder (data-dir.ts). */
  dataDir?: string;
  printRunbookPdf?: BackendOptions['printRunbookPdf'];
  chooseKeyFile?: BackendOptions['chooseKeyFile'];
  /** Only for tests of a host: the OS keychain otherwise. */
  secrets?: SecretStore;
}

/**
 * The one composition root: the real services (OS keychain, shared data dir, SSH, runner) behind the
 * RunbookApi. The desktop app and the browser mode both start here, so they see the same runbooks,
 * servers, secrets and runs as each other and as the CLI.
 */
export function composeBackend(options: ComposeOptions): Backend {
  const dataDir = resolveDataDir({ flag: options.dataDir });
  // 0700: runs and transcripts are operational records; other local users have no business reading them.
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return createBackend({
    dataDir,
    runbooksDir: options.runbooksDir,
    secrets: options.secrets ?? new KeychainSecretStore(),
    mode: options.mode,
    version: options.version,
    ...(options.printRunbookPdf ? { printRunbookPdf: options.printRunbookPdf } : {}),
    ...(options.chooseKeyFile ? { chooseKeyFile: options.chooseKeyFile } : {}),
  });
}
