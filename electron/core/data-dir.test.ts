import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_ID_PATTERN, knownHostsPath, newRunId, resolveDataDir, runDir } from './data-dir';

describe('resolveDataDir', () => {
  const home = '/home/alice';
  it('prefers the flag, then RUNBOOK_DATA_DIR', () => {
    expect(resolveDataDir({ flag: '/tmp/a', env: { RUNBOOK_DATA_DIR: '/tmp/b' } })).toBe('/tmp/a');
    expect(resolveDataDir({ env: { RUNBOOK_DATA_DIR: '/tmp/b' } })).toBe('/tmp/b');
  });
  it("matches Electron's userData folder on each OS", () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', homedir: home })).toBe(
      '/home/alice/.config/OC Pizzas Runbook',
    );
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/x/cfg' }, platform: 'linux', homedir: home })).toBe(
      '/x/cfg/OC Pizzas Runbook',
    );
    expect(resolveDataDir({ env: {}, platform: 'darwin', homedir: home })).toBe(
      '/home/alice/Library/Application Support/OC Pizzas Runbook',
    );
    expect(
      resolveDataDir({
        env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' },
        platform: 'win32',
        homedir: home,
      }),
    ).toBe('C:\\Users\\a\\AppData\\Roaming\\OC Pizzas Runbook');
  });
  it('lays out runs and known_hosts', () => {
    expect(runDir('/d', 'r1')).toBe(path.join('/d', 'runs', 'r1'));
    expect(knownHostsPath('/d')).toBe(path.join('/d', 'known_hosts'));
  });
});

describe('newRunId', () => {
  it('is sortable by time, names the runbook and is safe as a folder name', () => {
    const id = newRunId(new Date('2026-11-25T12:30:00.123Z'), 'Deploy App!');
    expect(id).toMatch(/^2026-11-25T12-30-00Z-deploy-app-[0-9a-f]{4}$/);
    expect(id).toMatch(RUN_ID_PATTERN);
    const later = newRunId(new Date('2026-11-25T12:30:01Z'), 'deploy');
    expect([later, id].sort()).toEqual([id, later]);
  });
});
