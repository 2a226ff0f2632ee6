import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServer, installFile, shellQuote, type SshConnection } from '../../electron/core/ssh';
import { startLab, type Lab } from '../lab/lab';
import { trustingOptions } from './ssh-helpers';

let lab: Lab;
let conn: SshConnection;
const dir = `/tmp/rb-install-${randomBytes(4).toString('hex')}`;
const rootDir = `/etc/rb-install-test-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  lab = await startLab({ roles: ['web'] });
  const web = lab.server('web');
  conn = await connectServer(web.serverConfig(), trustingOptions(web));
  await conn.exec(`mkdir -p ${dir} && sudo -n mkdir -p ${rootDir}`);
});
afterAll(async () => {
  await conn?.exec(`rm -rf ${dir}; sudo -n rm -rf ${rootDir}`);
  await conn?.close();
  await lab?.stop();
});

async function stat(path: string): Promise<string> {
  return (await conn.exec(`sudo -n stat -c '%a %U:%G' ${shellQuote(path)}`)).stdout.trim();
}

describe('installFile', () => {
  it('installs a new file, then changes it, with unified diffs', async () => {
    // A name with a space and a quote: paths must be quoted for the shell.
    const path = `${dir}/it's a file.conf`;
    const created = await installFile(conn, { path, content: 'a=1\nb=2\n', sudo: false, mode: '0600' });
    expect(created.existed).toBe(false);
    expect(created.changed).toBe(true);
    expect(created.diff).toContain(`--- a${path}`);
    expect(created.diff).toContain(`+++ b${path}`);
    expect(created.diff).toContain('+a=1\n+b=2\n');
    expect(await stat(path)).toBe('600 rblab:rblab');

    const changed = await installFile(conn, { path, content: 'a=1\nb=3\n', sudo: false, mode: '0644' });
    expect(changed.existed).toBe(true);
    expect(changed.changed).toBe(true);
    expect(changed.diff).toContain('-b=2\n+b=3\n');
    expect(changed.diff).toContain(' a=1\n');
    expect((await conn.exec(`cat ${shellQuote(path)}`)).stdout).toBe('a=1\nb=3\n');
    expect(await stat(path)).toBe('644 rblab:rblab');

    const same = await installFile(conn, { path, content: 'a=1\nb=3\n', sudo: false });
    expect(same.changed).toBe(false);
    // The temp files are gone.
    expect((await conn.exec('ls -a /tmp | grep -c "^.rb-install-" || true')).stdout.trim()).toBe('0');
  });

  it('installs with sudo into a root-owned directory, with owner and mode', async () => {
    const path = `${rootDir}/app.conf`;
    const first = await installFile(conn, {
      path,
      content: 'secret=1\n',
      sudo: true,
      mode: '0640',
      owner: 'root:rblab',
    });
    expect(first.existed).toBe(false);
    expect(await stat(path)).toBe('640 root:rblab');
    const second = await installFile(conn, {
      path,
      content: 'secret=2\n',
      sudo: true,
      mode: '0640',
      owner: 'root',
    });
    expect(second.existed).toBe(true);
    expect(second.diff).toContain('-secret=1\n+secret=2\n');
    // install(1) writes a new file: with only a user given, the group is the installer's (root's).
    expect(await stat(path)).toBe('640 root:root');
    // Without sudo the same path cannot be written, and the error says so.
    await expect(installFile(conn, { path, content: 'x\n', sudo: false })).rejects.toThrow(/app\.conf/);
  });

  it('rejects a bad mode or relative path before touching the server', async () => {
    await expect(installFile(conn, { path: 'relative', content: '', sudo: false })).rejects.toThrow(
      /absolute/,
    );
    await expect(
      installFile(conn, { path: `${dir}/x`, content: '', sudo: false, mode: '644; rm' }),
    ).rejects.toThrow(/octal/);
  });
});
