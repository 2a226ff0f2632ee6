import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { knownHostsPath } from '../electron/core/data-dir';
import type { Inventory } from '../electron/core/inventory/model';
import type { ServerRole } from '../electron/core/runbook/model';
import type { ConnectOptions } from '../electron/core/ssh/types';
import { MemorySecretStore } from '../electron/core/vault/memory-store';
import { startLab, type Lab } from '../e2e/lab/lab';

/**
 * The SSH lab as the bench uses it: sshd servers on 127.0.0.1, a data dir whose known_hosts already trusts
 * them (as after the engineer accepted their keys), an inventory with key auth, and no keychain (key auth
 * needs no secret). Everything lives in temp dirs removed by stop().
 */
export interface BenchLab {
  lab: Lab;
  dataDir: string;
  inventory: Inventory;
  secrets: MemorySecretStore;
  connectOptions: ConnectOptions;
  /** A scratch dir readable by the lab user (for files the servers `cat`). */
  scratch: string;
  stop(): Promise<void>;
}

export async function startBenchLab(roles: ServerRole[]): Promise<BenchLab> {
  const lab = await startLab({ roles });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-bench-data-'));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-bench-scratch-'));
  fs.chmodSync(scratch, 0o755);
  fs.writeFileSync(knownHostsPath(dataDir), lab.servers.map((s) => s.knownHostsLine()).join(''), {
    mode: 0o600,
  });
  const inventory: Inventory = {};
  for (const role of roles) inventory[role] = lab.server(role).serverConfig();
  const secrets = new MemorySecretStore();
  // Also when the bench exits early (main.ts turns Ctrl-C and other signals into process exit).
  const removeDirs = () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  process.once('exit', removeDirs);
  return {
    lab,
    dataDir,
    inventory,
    secrets,
    scratch,
    connectOptions: {
      secrets,
      knownHostsPath: knownHostsPath(dataDir),
      onUnknownHostKey: 'reject',
      connectTimeoutMs: 15_000,
    },
    async stop() {
      try {
        await lab.stop();
      } finally {
        process.off('exit', removeDirs);
        removeDirs();
      }
    },
  };
}
