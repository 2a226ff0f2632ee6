import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../../electron/core/vault/keychain-store';
import { generateSecret } from '../../electron/core/vault/generate';

// Runs against the real Secret Service started by e2e/lab/with-keyring.sh (throwaway gnome-keyring).
// A unique service name per run: the test never touches the app's own entries.
const service = `oc-pizzas-runbook-test-${randomUUID()}`;
const store = new KeychainSecretStore();
const keychainModule = fileURLToPath(new URL('../../electron/core/vault/keychain-store.ts', import.meta.url));

describe('KeychainSecretStore (real Secret Service)', () => {
  afterAll(async () => {
    await store.delete(service, 'server:app:password').catch(() => undefined);
  });

  it('stores, reads back, overwrites and deletes a secret', async () => {
    const account = 'server:app:password';
    const secret = generateSecret(32) + ' é"\'$';
    expect(await store.get(service, account)).toBeUndefined();
    await store.set(service, account, secret);
    expect(await store.get(service, account)).toBe(secret);
    // A second store instance (another process, in real life) sees it: it is in the keychain, not memory.
    expect(await new KeychainSecretStore().get(service, account)).toBe(secret);
    await store.set(service, account, 'replaced-value');
    expect(await store.get(service, account)).toBe('replaced-value');
    expect(await store.delete(service, account)).toBe(true);
    expect(await store.delete(service, account)).toBe(false);
    expect(await store.get(service, account)).toBeUndefined();
  });

  it('explains a missing Secret Service instead of failing obscurely', () => {
    // In a child process: the library keeps its D-Bus connection for the life of a process.
    const code = `
      const { KeychainSecretStore } = await import(${JSON.stringify(keychainModule)});
      await new KeychainSecretStore().get('svc', 'acct').then(
        () => console.log('NO ERROR'),
        (e) => console.log(e.name + ': ' + e.message),
      );`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
      encoding: 'utf8',
    });
    expect(out).toMatch(/^KeychainError: the OS keychain is not available: .*Secret Service/m);
  });
});
