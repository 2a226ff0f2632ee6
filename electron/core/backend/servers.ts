import type { InventoryStore } from '../inventory/inventory-store';
import type { ServerConfig } from '../inventory/model';
import { connectServer, type SshConnection } from '../ssh/connect';
import { SshError, type ConnectOptions } from '../ssh/types';
import { KEYCHAIN_SERVICE, secretAccounts, type SecretStore } from '../vault/secret-store';
import { ApiError } from '../contract/names';
import { forgetHostKey as forgetRecordedHostKey } from './host-keys';
import type { ConnectionTest, SecretKind, ServerView } from '../contract/types';

export type Connect = (server: ServerConfig, options: ConnectOptions) => Promise<SshConnection>;

export interface ServerServiceDeps {
  inventory: InventoryStore;
  secrets: SecretStore;
  knownHostsPath: string;
  /** Read-only known_hosts trust sources (the engineer's OpenSSH files); see ConnectOptions. */
  trustedKnownHostsFiles?: readonly string[];
  /** The SSH layer's connectServer; a fake in unit tests. */
  connect?: Connect;
}

function accountOf(id: string, kind: SecretKind): string {
  return kind === 'password' ? secretAccounts.serverPassword(id) : secretAccounts.keyPassphrase(id);
}

/** Whose keychain entries a secret is: the server's own, or (jump) its jump host's secretId. */
function secretOwner(server: ServerConfig, jump: true | undefined): string {
  if (!jump) return server.id;
  if (!server.jump) throw new ApiError('not-found', `Server "${server.id}" has no jump host.`);
  return server.jump.secretId;
}

/**
 * The inventory and its keychain entries as the UI sees them. A secret goes in (setSecret) and never
 * comes out: views carry `hasSecret` booleans only.
 */
export class ServerService {
  private readonly connect: Connect;

  constructor(private readonly deps: ServerServiceDeps) {
    this.connect = deps.connect ?? connectServer;
  }

  async list(): Promise<ServerView[]> {
    return Promise.all(this.deps.inventory.list().map((s) => this.view(s)));
  }

  async upsert(server: ServerConfig): Promise<ServerView> {
    return this.view(this.deps.inventory.upsert(server));
  }

  async remove(id: string): Promise<void> {
    if (!this.deps.inventory.remove(id)) throw new ApiError('not-found', `No server with id "${id}".`);
    // A removed server's secrets would otherwise linger in the keychain, unreachable from the UI.
    await this.deps.secrets.delete(KEYCHAIN_SERVICE, accountOf(id, 'password'));
    await this.deps.secrets.delete(KEYCHAIN_SERVICE, accountOf(id, 'passphrase'));
  }

  /** `jump`: the secret of the server's jump host, stored under the jump host's secretId (where auth.ts reads it). */
  async setSecret(id: string, kind: SecretKind, value: string, jump?: true): Promise<ServerView> {
    const server = this.require(id);
    await this.deps.secrets.set(KEYCHAIN_SERVICE, accountOf(secretOwner(server, jump), kind), value);
    return this.view(server);
  }

  async forgetSecret(id: string, kind: SecretKind, jump?: true): Promise<ServerView> {
    const server = this.require(id);
    await this.deps.secrets.delete(KEYCHAIN_SERVICE, accountOf(secretOwner(server, jump), kind));
    return this.view(server);
  }

  /**
   * Connects, authenticates, disconnects. An unknown host key is accepted only when the caller passes
   * the very fingerprint the server presents (the one shown to the engineer by a previous call).
   */
  async testConnection(id: string, acceptFingerprint?: string): Promise<ConnectionTest> {
    const server = this.require(id);
    let accepted: string | undefined;
    try {
      const connection = await this.connect(server, {
        secrets: this.deps.secrets,
        knownHostsPath: this.deps.knownHostsPath,
        ...(this.deps.trustedKnownHostsFiles
          ? { trustedKnownHostsFiles: this.deps.trustedKnownHostsFiles }
          : {}),
        onUnknownHostKey: async (info) => {
          if (acceptFingerprint !== undefined && info.fingerprint === acceptFingerprint) {
            accepted = info.fingerprint;
            return true;
          }
          return false;
        },
      });
      await connection.close();
      return accepted
        ? { ok: true, hostKeyAccepted: true, fingerprint: accepted }
        : { ok: true, hostKeyAccepted: false };
    } catch (error) {
      if (error instanceof SshError) {
        return {
          ok: false,
          code: error.code,
          message: error.message,
          ...(error.details.fingerprint ? { fingerprint: error.details.fingerprint } : {}),
          ...(error.details.keyType ? { keyType: error.details.keyType } : {}),
          ...(error.details.recorded ? { recordedFingerprint: error.details.recorded } : {}),
          ...(error.details.recordedKeyType ? { recordedKeyType: error.details.recordedKeyType } : {}),
          ...(error.details.line ? { knownHostsLine: Number(error.details.line) } : {}),
          ...(error.details.file ? { knownHostsPath: error.details.file } : {}),
          ...(error.details.readOnly === 'true' ? { recordedReadOnly: true } : {}),
          ...(error.details.certAuthority ? { certAuthority: error.details.certAuthority } : {}),
        };
      }
      return { ok: false, code: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Forgets a recorded host key (see host-keys.ts): only after the engineer confirmed, in the UI, why it changed. */
  async forgetHostKey(id: string, recorded: string): Promise<{ removed: number }> {
    return forgetRecordedHostKey(this.deps.knownHostsPath, this.require(id), recorded);
  }

  private require(id: string): ServerConfig {
    const server = this.deps.inventory.get(id);
    if (!server) throw new ApiError('not-found', `No server with id "${id}".`);
    return server;
  }

  private async view(server: ServerConfig): Promise<ServerView> {
    return {
      ...server,
      hasSecret: await this.hasSecret(server.id),
      ...(server.jump ? { jumpHasSecret: await this.hasSecret(server.jump.secretId) } : {}),
    };
  }

  private async hasSecret(owner: string): Promise<Record<SecretKind, boolean>> {
    const has = async (kind: SecretKind) =>
      (await this.deps.secrets.get(KEYCHAIN_SERVICE, accountOf(owner, kind))) !== undefined;
    return { password: await has('password'), passphrase: await has('passphrase') };
  }
}
