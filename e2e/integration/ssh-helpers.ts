import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectOptions } from '../../electron/core/ssh';
import { MemorySecretStore } from '../../electron/core/vault/memory-store';
import type { LabServer } from '../lab/lab';

/** A fresh known_hosts path (in its own temp dir) and connect options that accept nothing by default. */
export function connectOptions(overrides: Partial<ConnectOptions> = {}): ConnectOptions {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-ssh-test-'));
  return {
    secrets: new MemorySecretStore(),
    knownHostsPath: path.join(dir, 'known_hosts'),
    onUnknownHostKey: 'reject',
    connectTimeoutMs: 10_000,
    ...overrides,
  };
}

/** Connect options whose known_hosts already trusts the server (as after an earlier acceptance). */
export function trustingOptions(server: LabServer, overrides: Partial<ConnectOptions> = {}): ConnectOptions {
  const opts = connectOptions(overrides);
  fs.writeFileSync(opts.knownHostsPath, server.knownHostsLine(), { mode: 0o600 });
  return opts;
}
