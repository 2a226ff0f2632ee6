/**
 * Where secrets live: the OS keychain in production (keychain-store.ts), memory in unit tests.
 * Keytar-compatible model: a service name and an account name identify one secret.
 */
export interface SecretStore {
  get(service: string, account: string): Promise<string | undefined>;
  set(service: string, account: string, secret: string): Promise<void>;
  /** Returns true when something was deleted. */
  delete(service: string, account: string): Promise<boolean>;
}

/** The keychain service under which the app stores everything. */
export const KEYCHAIN_SERVICE = 'oc-pizzas-runbook';

/** Account names, one place so that the UI, the CLI and the engine agree. */
export const secretAccounts = {
  serverPassword: (serverId: string) => `server:${serverId}:password`,
  keyPassphrase: (serverId: string) => `server:${serverId}:passphrase`,
  variable: (runbookId: string, name: string) => `var:${runbookId}:${name}`,
  /** The per-install run-record signing key (electron/core/signing/signer.ts). */
  installSigningKey: () => 'signing:install-key',
} as const;
