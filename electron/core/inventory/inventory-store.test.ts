import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InventoryError, InventoryStore } from './inventory-store';
import type { ServerConfig } from './model';

let dataDir: string;
beforeEach(() => void (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inventory-test-'))));
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const app: ServerConfig = {
  id: 'app',
  role: 'app',
  label: 'Serveur applicatif',
  host: '10.0.0.5',
  port: 22,
  user: 'deploy',
  auth: { method: 'key', keyPath: '/home/alice/.ssh/id_ed25519' },
};
const db: ServerConfig = { ...app, id: 'db', role: 'db', label: 'PostgreSQL', auth: { method: 'password' } };
const fixedNow = () => new Date('2026-11-25T12:30:00.000Z');
const file = () => path.join(dataDir, 'inventory.json');

describe('InventoryStore', () => {
  it('adds, replaces, lists, gets and removes servers, persisted across instances', () => {
    const store = InventoryStore.open(dataDir);
    expect(store.list()).toEqual([]);
    store.upsert(app);
    store.upsert(db);
    store.upsert({ ...app, port: 2222 });
    const again = InventoryStore.open(dataDir);
    expect(again.list().map((s) => [s.id, s.port])).toEqual([
      ['db', 22],
      ['app', 2222],
    ]);
    expect(again.get('db')).toEqual(db);
    expect(again.remove('db')).toBe(true);
    expect(again.remove('db')).toBe(false);
    expect(InventoryStore.open(dataDir).get('db')).toBeUndefined();
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('refuses an invalid server with field errors', () => {
    const store = InventoryStore.open(dataDir);
    const error = (() => {
      try {
        store.upsert({ ...app, port: 70000, host: '-oProxyCommand=x', password: 'x' });
      } catch (e) {
        return e as InventoryError;
      }
    })();
    expect(error).toBeInstanceOf(InventoryError);
    expect(error?.fieldErrors.map((e) => e.path).sort()).toEqual(['(top level)', 'host', 'port']);
    expect(store.list()).toEqual([]);
  });

  it('moves a corrupt (not JSON) file aside and names it, never overwriting it', () => {
    fs.writeFileSync(file(), '{"servers": [');
    let error: InventoryError | undefined;
    try {
      InventoryStore.open(dataDir, { now: fixedNow });
    } catch (e) {
      error = e as InventoryError;
    }
    const aside = path.join(dataDir, 'inventory.corrupt-2026-11-25T12-30-00.000Z.json');
    expect(error).toBeInstanceOf(InventoryError);
    expect(error?.message).toContain(file());
    expect(error?.message).toContain(aside);
    expect(error?.message).toMatch(/not valid JSON/);
    expect(fs.readFileSync(aside, 'utf8')).toBe('{"servers": [');
    // The next start begins empty, and the bad file is still there.
    expect(InventoryStore.open(dataDir).list()).toEqual([]);
    expect(fs.existsSync(aside)).toBe(true);
  });

  it('moves an invalid file aside, naming the field', () => {
    fs.writeFileSync(file(), JSON.stringify({ servers: [app, { ...db, port: 'twenty-two' }] }));
    let error: InventoryError | undefined;
    try {
      InventoryStore.open(dataDir, { now: fixedNow });
    } catch (e) {
      error = e as InventoryError;
    }
    expect(error?.message).toMatch(/servers\[1\]\.port: /);
    expect(error?.fieldErrors).toEqual([{ path: 'servers[1].port', message: expect.any(String) }]);
    expect(error?.movedTo && fs.existsSync(error.movedTo)).toBe(true);
    expect(fs.existsSync(file())).toBe(false);
  });

  it('handles a file broken while the app runs like one broken at start', () => {
    const store = InventoryStore.open(dataDir, { now: fixedNow });
    store.upsert(app);
    fs.writeFileSync(file(), 'garbage');
    expect(() => store.list()).toThrow(InventoryError);
    expect(fs.readdirSync(dataDir).some((f) => f.startsWith('inventory.corrupt-'))).toBe(true);
  });
});
