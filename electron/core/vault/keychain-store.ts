import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import type { SecretStore } from './secret-store';

export class KeychainError extends Error {
  override name = 'KeychainError';
}

export interface KeychainStoreOptions {
  /**
   * Linux only. Default 'secret-service': without it the library silently falls back to the kernel
   * keyring, which forgets everything at logout, so a password would seem saved and then vanish.
   * We prefer a clear error telling the engineer to start a Secret Service.
   */
  linuxStore?: 'secret-service' | 'keyutils' | 'auto';
}

function unavailable(action: string, account: string, error: unknown): KeychainError {
  const reason = error instanceof Error ? error.message : String(error);
  const hint =
    process.platform === 'linux'
      ? ' On Linux a Secret Service such as gnome-keyring must be running and unlocked.'
      : '';
  return new KeychainError(
    `the OS keychain is not available: could not ${action} "${account}": ${reason}.${hint}`,
  );
}

/** The production SecretStore: the OS keychain (macOS Keychain, Windows Credential Manager, Secret Service). */
export class KeychainSecretStore implements SecretStore {
  private readonly entryOptions: EntryOptions | undefined;

  constructor(options: KeychainStoreOptions = {}) {
    const store = options.linuxStore ?? 'secret-service';
    this.entryOptions = store === 'auto' ? undefined : { linux: { store } };
  }

  // AsyncEntry: a keychain call can block on D-Bus or an unlock prompt; never block the event loop.
  private entry(service: string, account: string): AsyncEntry {
    return new AsyncEntry(service, account, this.entryOptions);
  }

  async get(service: string, account: string): Promise<string | undefined> {
    try {
      return (await this.entry(service, account).getPassword()) ?? undefined;
    } catch (error) {
      throw unavailable('read', account, error);
    }
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    try {
      await this.entry(service, account).setPassword(secret);
    } catch (error) {
      throw unavailable('store', account, error);
    }
  }

  async delete(service: string, account: string): Promise<boolean> {
    try {
      return await this.entry(service, account).deletePassword();
    } catch (error) {
      throw unavailable('delete', account, error);
    }
  }
}
