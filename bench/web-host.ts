/**
 * The browser-mode host as the bench runs it (figures 1, 2, 5b): electron/web's startWebHost and the real
 * Backend, with two differences from electron/web/main.ts, both bench-only:
 * - secrets in memory (lab servers use key auth: nothing to store; no keychain needed);
 * - runs of a runbook whose id ends in "-quiet" have recording off (quiet-run.ts), all others are the real
 *   prepareRun, so that on and off are measured against the same host, page and connection.
 *
 *   tsx bench/web-host.ts --data-dir DIR --runbooks-dir DIR --static-dir DIR
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import { createBackend } from '../electron/core/backend/backend';
import { prepareRun } from '../electron/core/run/runner';
import { MemorySecretStore } from '../electron/core/vault/memory-store';
import { startWebHost } from '../electron/web/host';
import { prepareQuietRun } from './quiet-run';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'runbooks-dir': { type: 'string' },
    'static-dir': { type: 'string' },
  },
  strict: true,
});
const dataDir = values['data-dir'];
const runbooksDir = values['runbooks-dir'];
const staticDir = values['static-dir'];
if (!dataDir || !runbooksDir || !staticDir)
  throw new Error('usage: tsx bench/web-host.ts --data-dir DIR --runbooks-dir DIR --static-dir DIR');
fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });

const backend = createBackend({
  dataDir,
  runbooksDir,
  secrets: new MemorySecretStore(),
  mode: 'browser',
  version: 'bench',
  operator: 'bench',
  prepareRun: (options) =>
    options.runbook.id.endsWith('-quiet') ? prepareQuietRun(options) : prepareRun(options),
});
const host = await startWebHost({ api: backend, staticDir, port: 0 });
process.stdout.write(`${host.url}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await backend.dispose('the bench host was stopped');
  await host.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
