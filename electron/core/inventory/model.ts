import type { ServerRole } from '../runbook/model';

/**
 * A server of the inventory. No secret is ever part of it: passwords and key passphrases are in the
 * keychain under secretAccounts.serverPassword(id) / keyPassphrase(id).
 */
export type AuthConfig =
  | { method: 'agent' }
  | { method: 'key'; keyPath: string } // passphrase, if any, in the keychain
  | { method: 'password' }; // password in the keychain

export interface JumpHost {
  host: string;
  port: number;
  user: string;
  auth: AuthConfig;
  /** Id under which the jump host's secrets are stored in the keychain. */
  secretId: string;
}

export interface ServerConfig {
  /** Stable id (defaults to the role); keys the keychain entries and known_hosts lookups. */
  id: string;
  role: ServerRole;
  label: string;
  host: string;
  port: number;
  user: string;
  auth: AuthConfig;
  jump?: JumpHost;
}

export type Inventory = Partial<Record<ServerRole, ServerConfig>>;
