import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLab, type Lab } from '../lab/lab';
import { KeychainSecretStore } from '../../electron/core/vault/keychain-store';
import { KEYCHAIN_SERVICE, secretAccounts } from '../../electron/core/vault/secret-store';

/** The repository root: the CLI child processes run from there. */
export const REPO = path.resolve(import.meta.dirname, '../..');
export const FIXTURE_RUNBOOKS = path.join(REPO, 'e2e/fixtures/runbooks');

export interface CliLab {
  lab: Lab;
  dataDir: string;
  inventoryFile: string;
  /** The lab user's password, stored in the real keychain for the app server. */
  password: string;
  cleanup(): Promise<void>;
}

/**
 * The lab's three servers (app by password from the keychain, db and web by key), an inventory YAML
 * file describing them, and a fresh data dir.
 */
export async function startCliLab(): Promise<CliLab> {
  const lab = await startLab({ roles: ['app', 'db', 'web'] });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-cli-data-'));
  const app = lab.server('app');
  await new KeychainSecretStore().set(KEYCHAIN_SERVICE, secretAccounts.serverPassword('app'), app.password);
  const entry = (role: string, auth: string) => {
    const s = lab.server(role);
    return `  ${role}: { host: ${s.host}, port: ${s.port}, user: ${s.user}, ${auth} }`;
  };
  const inventoryFile = path.join(dataDir, '..', `${path.basename(dataDir)}-inventory.yaml`);
  fs.writeFileSync(
    inventoryFile,
    [
      'servers:',
      entry('app', 'auth: password'),
      entry('db', `auth: key, keyPath: ${lab.server('db').keyPath}`),
      entry('web', `auth: key, keyPath: ${lab.server('web').keyPath}`),
      '',
    ].join('\n'),
  );
  return {
    lab,
    dataDir,
    inventoryFile,
    password: app.password,
    async cleanup() {
      await lab.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(inventoryFile, { force: true });
    },
  };
}

/** `runbook run <runbook>` of the fixture folder against an inventory file, then `extra` options. */
export function fixtureRunArgs(runbook: string, inventoryFile: string, ...extra: string[]): string[] {
  return ['--runbooks', FIXTURE_RUNBOOKS, 'run', runbook, '--inventory', inventoryFile, ...extra];
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `runbook <args>` as a child process (node + tsx, as the package bin does). */
export function spawnCli(args: string[], dataDir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], {
    cwd: REPO,
    env: { ...process.env, RUNBOOK_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

export function runCli(args: string[], dataDir: string): Promise<CliResult> {
  return finished(spawnCli(args, dataDir));
}

/** Resolves when a line of the child's stdout satisfies `match` (the CLI's --json events). */
export function waitForLine(child: ChildProcess, match: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer | string) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (match(line)) {
          child.stdout?.off('data', onData);
          resolve(line);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('close', () => reject(new Error('the CLI exited before the expected output')));
  });
}

/** Every JSON line of a --json run's stdout. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Files under dir (recursively) whose bytes contain `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.readFileSync(file).includes(needle)) hits.push(file);
  }
  return hits;
}
