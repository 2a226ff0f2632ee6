import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InventoryFileError, loadInventoryFile } from './inventory-file';
import { InventoryStore } from './inventory-store';
import { serverConfigSchema } from './schema';

/** Issue 12: inventory fields reach shell commands, so their syntax is part of what keeps commands intact. */
let dir: string;
beforeEach(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inventory-host-test-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const load = (entry: string) => {
  const file = path.join(dir, 'inventory.yaml');
  fs.writeFileSync(file, `servers:\n  app: ${entry}\n`);
  return loadInventoryFile(file);
};
const problemOf = (entry: string): string => {
  try {
    load(entry);
  } catch (error) {
    if (error instanceof InventoryFileError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('server hosts', () => {
  it('accepts host names, IPv4 and IPv6 (bracketed IPv6 is unwrapped, as ssh and known_hosts want it)', () => {
    for (const [given, stored] of [
      ['db.internal', 'db.internal'],
      ['srv_1.example.com.', 'srv_1.example.com.'],
      ['10.0.0.5', '10.0.0.5'],
      ['"::1"', '::1'],
      ['"[::1]"', '::1'],
      ['"[fe80::1%eth0]"', 'fe80::1%eth0'],
    ] as const) {
      expect(load(`{ host: ${given}, user: deploy, auth: agent }`).app?.host, given).toBe(stored);
    }
  });

  it('refuses anything else, brackets around a non-IPv6 included', () => {
    for (const host of [
      '"[db]"',
      '"[10.0.0.5]"',
      '999.1.1.1',
      '"db..internal"',
      '"-oProxyCommand=x"',
      '"a;b"',
      '"a b"',
      '"::g"',
    ])
      expect(problemOf(`{ host: ${host}, user: deploy, auth: agent }`), host).toMatch(
        /servers\.app\.host: must be a host name/,
      );
  });

  it('keeps the same rules in the app inventory, where the form may send [::1]', () => {
    const store = InventoryStore.open(dir);
    const base = {
      id: 'app',
      role: 'app',
      label: 'App',
      port: 22,
      user: 'deploy',
      auth: { method: 'agent' },
    };
    expect(store.upsert({ ...base, host: '[::1]' }).host).toBe('::1');
    expect(() => store.upsert({ ...base, host: '[db]' })).toThrow(/host/);
  });
});

describe('server labels', () => {
  it('refuse control characters (line breaks, tabs, escapes), everything printable stays allowed', () => {
    for (const label of ['"a\\nb"', '"a\\rb"', '"a\\tb"', '"a\\e[2Jb"', '"a\\x7fb"'])
      expect(problemOf(`{ host: h, user: u, auth: agent, label: ${label} }`), label).toMatch(
        /servers\.app\.label: must not contain control characters/,
      );
    expect(load(`{ host: h, user: u, auth: agent, label: "prod $(id) 'x' \\"y\\" é" }`).app?.label).toBe(
      `prod $(id) 'x' "y" é`,
    );
  });

  it('are checked by the schema the app store shares', () => {
    const server = { id: 'a', role: 'app', host: 'h', port: 22, user: 'u', auth: { method: 'agent' } };
    expect(serverConfigSchema.safeParse({ ...server, label: 'ok' }).success).toBe(true);
    expect(serverConfigSchema.safeParse({ ...server, label: 'ligne\nsuivante' }).success).toBe(false);
  });
});
