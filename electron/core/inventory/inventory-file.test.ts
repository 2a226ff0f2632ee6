import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InventoryFileError, loadInventoryFile } from './inventory-file';

let dir: string;
beforeEach(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inventory-file-test-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function errorOf(file: string): InventoryFileError {
  try {
    loadInventoryFile(file);
  } catch (error) {
    if (error instanceof InventoryFileError) return error;
    throw error;
  }
  throw new Error('expected an InventoryFileError');
}

describe('loadInventoryFile', () => {
  it('reads the YAML format with defaults, key paths and a jump host', () => {
    const file = write(
      'inventory.yaml',
      [
        'servers:',
        '  app: { host: 10.0.0.5, user: deploy, auth: agent }',
        '  db:',
        '    host: db.internal',
        '    port: 2222',
        '    user: deploy',
        '    auth: key',
        '    keyPath: keys/id_ed25519',
        '    label: Base PostgreSQL',
        '    id: prod-db',
        '    jump: { host: bastion.example.com, user: jump, auth: password }',
        '',
      ].join('\n'),
    );
    expect(loadInventoryFile(file)).toEqual({
      app: {
        id: 'app',
        role: 'app',
        label: 'app (10.0.0.5)',
        host: '10.0.0.5',
        port: 22,
        user: 'deploy',
        auth: { method: 'agent' },
      },
      db: {
        id: 'prod-db',
        role: 'db',
        label: 'Base PostgreSQL',
        host: 'db.internal',
        port: 2222,
        user: 'deploy',
        auth: { method: 'key', keyPath: path.join(dir, 'keys/id_ed25519') },
        jump: {
          host: 'bastion.example.com',
          port: 22,
          user: 'jump',
          auth: { method: 'password' },
          secretId: 'prod-db-jump',
        },
      },
    });
  });

  it('reads JSON too, and expands ~ in key paths', () => {
    const file = write(
      'inventory.json',
      JSON.stringify({
        servers: { web: { host: 'web1', user: 'www', auth: 'key', keyPath: '~/.ssh/id_rsa' } },
      }),
    );
    expect(loadInventoryFile(file).web?.auth).toEqual({
      method: 'key',
      keyPath: path.join(os.homedir(), '.ssh/id_rsa'),
    });
  });

  it('names file:line:col for a YAML syntax error', () => {
    const file = write('bad.yaml', 'servers:\n  app: { host: h, user: u\n  db: x\n');
    const error = errorOf(file);
    expect(error.message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: \\(syntax\\): YAML syntax error`,
      ),
    );
    expect(error.problems[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('names file:line:col for a JSON syntax error', () => {
    const file = write('bad.json', '{\n  "servers": {\n    "app": { "host": "h", }\n');
    expect(errorOf(file).message).toMatch(/bad\.json:\d+:\d+: \(syntax\): JSON syntax error/);
  });

  it('names the field path (and where it is) for schema errors', () => {
    const file = write(
      'inventory.yml',
      [
        'servers:',
        '  app:',
        '    host: 10.0.0.5',
        '    port: 99999',
        '    user: deploy',
        '    auth: key',
        '  dns: { host: x, user: y, auth: agent }',
        '',
      ].join('\n'),
    );
    const error = errorOf(file);
    const byPath = Object.fromEntries(error.problems.map((p) => [p.path, p]));
    expect(byPath['servers.app.port']).toMatchObject({ line: 4, col: 11 });
    expect(byPath['servers.app.keyPath']?.message).toMatch(/required when auth is "key"/);
    expect(Object.keys(byPath).some((p) => p.startsWith('servers'))).toBe(true);
    expect(error.message).toContain(`${file}:4:11: servers.app.port:`);
    expect(error.problems.some((p) => /dns/.test(p.path + p.message))).toBe(true);
  });

  it('refuses any key that looks like a secret, saying secrets go to the keychain', () => {
    const file = write(
      'inventory.yaml',
      'servers:\n  app: { host: h, user: u, auth: password, password: hunter22 }\n  db: { host: h, user: u, auth: key, keyPath: k, passphrase: x }\n',
    );
    const error = errorOf(file);
    expect(error.problems.map((p) => p.path)).toEqual(['servers.app.password', 'servers.db.passphrase']);
    expect(error.message).toMatch(
      /inventory\.yaml:2:\d+: servers\.app\.password: secrets are not allowed .*OS keychain/,
    );
    expect(error.message).not.toContain('hunter22');
  });

  it('reports a missing file clearly', () => {
    expect(errorOf(path.join(dir, 'nope.yaml')).message).toMatch(/cannot read the inventory .*nope\.yaml/);
  });
});
