import type { Inventory } from '../inventory/model';
import type { ServerRole } from '../runbook/model';
import { connectServer, installFile, type SshConnection } from '../ssh/index';
import type { FileInstallRequest, FileInstallResult, UnknownHostKeyPolicy } from '../ssh/types';
import type { SecretStore } from '../vault/secret-store';
import type { OpenedSession } from './engine-types';

export interface ConnectionPoolOptions {
  inventory: Inventory;
  secrets: SecretStore;
  knownHostsPath: string;
  hostKeys: UnknownHostKeyPolicy;
  /** Read-only known_hosts trust sources (the engineer's OpenSSH files); see ConnectOptions. */
  trustedKnownHostsFiles?: readonly string[];
  cols: number;
  rows: number;
}

/**
 * The run's SSH connections, one per server, made on first use and made again after a drop. The engine
 * sees only openSession/installFile; the connection objects stay here.
 */
export class ConnectionPool {
  private readonly connections = new Map<ServerRole, SshConnection>();
  /** The host key accepted while connecting each server, if any (journaled as host-key-accepted). */
  private readonly lastConnect = new Map<ServerRole, { accepted?: string }>();

  constructor(private readonly options: ConnectionPoolOptions) {}

  async openSession(role: ServerRole): Promise<OpenedSession> {
    const conn = await this.connect(role);
    const session = await conn.openShell(this.options.cols, this.options.rows);
    const { accepted } = this.lastConnect.get(role) ?? {};
    const server = conn.server;
    return {
      session,
      fingerprint: conn.hostKeyFingerprint,
      ...(accepted
        ? { acceptedHostKey: { host: server.host, port: server.port, fingerprint: accepted } }
        : {}),
    };
  }

  async installFile(role: ServerRole, request: FileInstallRequest): Promise<FileInstallResult> {
    return installFile(await this.connect(role), request);
  }

  async closeAll(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.allSettled(all.map((c) => c.close()));
  }

  private async connect(role: ServerRole): Promise<SshConnection> {
    const existing = this.connections.get(role);
    if (existing && !existing.closed) return existing;
    const server = this.options.inventory[role];
    if (!server) throw new Error(`the inventory has no server for role "${role}"`);
    const record: { accepted?: string } = {};
    const policy = this.options.hostKeys;
    // Note which key was accepted during this connection, so the engine can journal it.
    const hostKeys: UnknownHostKeyPolicy =
      typeof policy === 'function'
        ? async (info) => {
            const ok = await policy(info);
            if (ok) record.accepted = info.fingerprint;
            return ok;
          }
        : policy === 'accept'
          ? async (info) => {
              record.accepted = info.fingerprint;
              return true;
            }
          : policy;
    const conn = await connectServer(server, {
      secrets: this.options.secrets,
      knownHostsPath: this.options.knownHostsPath,
      ...(this.options.trustedKnownHostsFiles
        ? { trustedKnownHostsFiles: this.options.trustedKnownHostsFiles }
        : {}),
      onUnknownHostKey: hostKeys,
    });
    this.lastConnect.set(role, record);
    this.connections.set(role, conn);
    conn.onClose(() => {
      if (this.connections.get(role) === conn) this.connections.delete(role);
    });
    return conn;
  }
}
