import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InventoryStore } from '../inventory/inventory-store';
import { MemorySecretStore } from '../vault/memory-store';
import { KEYCHAIN_SERVICE, secretAccounts } from '../vault/secret-store';
import { ApiError } from '../contract/names';
import { RunbookCatalog } from './catalog';
import { RunInputs } from './run-inputs';
import { tempWorld, type TempWorld } from './testing/fixtures';

const SECRET_RUNBOOK = `---
id: secrets
title: Secrets
chapter: "9"
servers: [app]
variables:
  site: { label: Site, pattern: '[a-z-]+' }
  token: { label: Jeton, secret: true, generate: 20 }
  password: { label: Mot de passe, secret: true }
---
\`\`\`sh {"name":"use","target":"app"}
echo {{site}} {{token}} {{password}}
\`\`\`
`;

describe('RunInputs', () => {
  let world: TempWorld;
  let secrets: MemorySecretStore;
  let inputs: RunInputs;

  beforeEach(() => {
    world = tempWorld();
    fs.writeFileSync(path.join(world.runbooksDir, 'secrets.md'), SECRET_RUNBOOK);
    secrets = new MemorySecretStore();
    const inventory = InventoryStore.open(world.dataDir);
    inventory.upsert({
      id: 'app1',
      role: 'app',
      label: 'App',
      host: '127.0.0.1',
      port: 22,
      user: 'u',
      auth: { method: 'agent' },
    });
    inputs = new RunInputs({ catalog: new RunbookCatalog(world.runbooksDir), inventory, secrets });
  });
  afterEach(() => world.cleanup());

  it('reports the binder’s field errors; a generate secret left empty is not one', async () => {
    const check = await inputs.check('secrets', { site: 'Pas Bon' });
    expect(check.errors.map((e) => [e.field, e.code])).toEqual([
      ['site', 'pattern'],
      ['password', 'missing'],
    ]);
    expect(check.storedSecrets).toEqual([]);
  });

  it('accepts a secret from the keychain and says it is stored', async () => {
    await secrets.set(KEYCHAIN_SERVICE, secretAccounts.variable('secrets', 'password'), 'hunter22');
    const check = await inputs.check('secrets', { site: 'ok-site' });
    expect(check.errors).toEqual([]);
    expect(check.storedSecrets).toEqual(['password']);
  });

  it('refuses a secret too short to be redacted', async () => {
    const check = await inputs.check('secrets', { site: 'ok', password: 'ab' });
    expect(check.errors.map((e) => e.field)).toEqual(['password']);
  });

  it('generates a secret into the keychain without returning it', async () => {
    const result = await inputs.generate('secrets', 'token');
    expect(result).toEqual({ name: 'token', stored: true });
    const value = await secrets.get(KEYCHAIN_SERVICE, secretAccounts.variable('secrets', 'token'));
    expect(value).toHaveLength(20);
    expect(JSON.stringify(result)).not.toContain(value!);
    await expect(inputs.generate('secrets', 'password')).rejects.toThrow(ApiError);
    await expect(inputs.generate('secrets', 'nope')).rejects.toThrow(/no variable "nope"/);
  });
});
