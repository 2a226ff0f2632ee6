import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from './memory-store';
import { KEYCHAIN_SERVICE, secretAccounts } from './secret-store';

describe('MemorySecretStore', () => {
  it('behaves like the keychain: get/set/delete per service and account', async () => {
    const store = new MemorySecretStore();
    const account = secretAccounts.serverPassword('app');
    expect(await store.get(KEYCHAIN_SERVICE, account)).toBeUndefined();
    await store.set(KEYCHAIN_SERVICE, account, 'hunter22');
    expect(await store.get(KEYCHAIN_SERVICE, account)).toBe('hunter22');
    expect(await store.get('other-service', account)).toBeUndefined();
    expect(await store.delete(KEYCHAIN_SERVICE, account)).toBe(true);
    expect(await store.delete(KEYCHAIN_SERVICE, account)).toBe(false);
  });
});
