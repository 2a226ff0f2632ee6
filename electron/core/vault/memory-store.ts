import type { SecretStore } from './secret-store';

/** A SecretStore in memory, for unit tests only (secrets never outlive the process). */
export class MemorySecretStore implements SecretStore {
  private readonly entries = new Map<string, string>();

  private static key(service: string, account: string): string {
    return JSON.stringify([service, account]);
  }

  async get(service: string, account: string): Promise<string | undefined> {
    return this.entries.get(MemorySecretStore.key(service, account));
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    this.entries.set(MemorySecretStore.key(service, account), secret);
  }

  async delete(service: string, account: string): Promise<boolean> {
    return this.entries.delete(MemorySecretStore.key(service, account));
  }
}
