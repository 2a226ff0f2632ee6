import { createHmac, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { judgeHostKey, loadRecordedKeys, type KnownHostsSource } from './host-key-trust';

/** A wire-format key blob: string type, then some key bytes. */
function blob(type: string, seed: string): Buffer {
  const t = Buffer.from(type);
  const k = Buffer.from(seed.padEnd(32, '.'));
  const lt = Buffer.alloc(4);
  lt.writeUInt32BE(t.length);
  const lk = Buffer.alloc(4);
  lk.writeUInt32BE(k.length);
  return Buffer.concat([lt, t, lk, k]);
}
const b64 = (key: Buffer) => key.toString('base64');
function hashed(token: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(token).digest('base64')}`;
}

const HOST = '127.0.0.1';
const PORT = 2200;
const TOKEN = `[${HOST}]:${PORT}`;
const ED = blob('ssh-ed25519', 'ed');
const ED2 = blob('ssh-ed25519', 'ed-other');
const RSA = blob('ssh-rsa', 'rsa');
const ECDSA = blob('ecdsa-sha2-nistp256', 'ecdsa');

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trust-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

async function sources(
  files: Record<string, string[]>,
  readOnly: string[] = [],
): Promise<KnownHostsSource[]> {
  const list: KnownHostsSource[] = [];
  for (const [name, lines] of Object.entries(files)) {
    const file = path.join(dir, name);
    await fs.writeFile(file, lines.join('\n') + '\n');
    list.push({ path: file, readOnly: readOnly.includes(name) });
  }
  return list;
}

async function judge(lines: string[], presented: Buffer) {
  return judgeHostKey(await loadRecordedKeys(await sources({ app: lines }), HOST, PORT), presented);
}

describe('judgeHostKey', () => {
  it('knows a recorded key, and says unknown when nothing applies to the host', async () => {
    expect(await judge([`${TOKEN} ssh-ed25519 ${b64(ED)}`], ED)).toMatchObject({ status: 'known' });
    expect(await judge([`[${HOST}]:2201 ssh-ed25519 ${b64(ED)}`], ED)).toEqual({ status: 'unknown' });
    expect(await judge([], ED)).toEqual({ status: 'unknown' });
  });

  it('calls another key of the same type changed, and names the recorded one and its line', async () => {
    const verdict = await judge(['# header', `${TOKEN} ssh-ed25519 ${b64(ED)}`], ED2);
    expect(verdict).toMatchObject({ status: 'changed', recorded: { line: 2, keyType: 'ssh-ed25519' } });
  });

  it('calls a key of another type changed when only other types are recorded (the issue 12 bug)', async () => {
    const verdict = await judge([`${TOKEN} ssh-ed25519 ${b64(ED)}`], RSA);
    expect(verdict.status).toBe('changed');
    if (verdict.status === 'changed') expect(verdict.recorded.keyBlob.equals(ED)).toBe(true);
  });

  it('shows the recorded key of the presented type when there are several', async () => {
    const verdict = await judge(
      [`${TOKEN} ssh-ed25519 ${b64(ED)}`, `${TOKEN} ssh-rsa ${b64(blob('ssh-rsa', 'old-rsa'))}`],
      RSA,
    );
    expect(verdict).toMatchObject({ status: 'changed', recorded: { line: 2, keyType: 'ssh-rsa' } });
  });

  it('knows a key when any recorded key matches, even if others of its type differ', async () => {
    const verdict = await judge([`${TOKEN} ssh-ed25519 ${b64(ED2)}`, `${TOKEN} ssh-ed25519 ${b64(ED)}`], ED);
    expect(verdict).toMatchObject({ status: 'known', entry: { line: 2 } });
  });

  it('refuses a revoked key even when it is also recorded as good, and says where it is revoked', async () => {
    const verdict = await judge([`${TOKEN} ssh-ed25519 ${b64(ED)}`, `@revoked * ssh-ed25519 ${b64(ED)}`], ED);
    expect(verdict).toMatchObject({ status: 'revoked', entry: { line: 2, marker: 'revoked' } });
  });

  it('lets another recorded key through when one key is revoked', async () => {
    const lines = [`@revoked ${TOKEN} ssh-ed25519 ${b64(ED)}`, `${TOKEN} ssh-rsa ${b64(RSA)}`];
    expect(await judge(lines, RSA)).toMatchObject({ status: 'known', entry: { line: 2 } });
  });

  it('does not take a revoked line for a record of the host: another key is unknown, not changed', async () => {
    expect(await judge([`@revoked ${TOKEN} ssh-ed25519 ${b64(ED)}`], RSA)).toEqual({ status: 'unknown' });
  });

  it('never takes a @cert-authority for a host key, and reports it as unsupported', async () => {
    const lines = [`@cert-authority [${HOST}]:* ssh-ed25519 ${b64(ED)}`];
    expect(await judge(lines, ED)).toMatchObject({ status: 'unknown', certAuthority: { line: 1 } });
    expect(await judge(lines, RSA)).toMatchObject({ status: 'unknown', certAuthority: { line: 1 } });
  });

  it('matches hashed entries, comma lists, wildcards, and honours negation', async () => {
    expect(await judge([`${hashed(TOKEN)} ssh-ed25519 ${b64(ED)}`], ED)).toMatchObject({ status: 'known' });
    expect(await judge([`db.example,${TOKEN} ssh-ed25519 ${b64(ED)}`], ED)).toMatchObject({
      status: 'known',
    });
    expect(await judge([`[127.0.0.*]:${PORT} ssh-ed25519 ${b64(ED)}`], ED)).toMatchObject({
      status: 'known',
    });
    // The negated line does not apply to the host: it cannot make the presented key "changed".
    const lines = [`*,!${TOKEN} ssh-ed25519 ${b64(ED2)}`, `${TOKEN} ssh-ed25519 ${b64(ED)}`];
    expect(await judge(lines, ED)).toMatchObject({ status: 'known' });
    expect(await judge([`*,!${TOKEN} ssh-ed25519 ${b64(ED2)}`], ED)).toEqual({ status: 'unknown' });
  });

  it('skips lines whose key is not of the type they name, or not base64, as OpenSSH does', async () => {
    const lines = [`${TOKEN} ssh-rsa ${b64(ED2)}`, `${TOKEN} ssh-ed25519 not*base64`];
    expect(await judge(lines, ED)).toEqual({ status: 'unknown' });
  });
});

describe('loadRecordedKeys', () => {
  it('reads every source in order and tags entries with their file and whether the app may write it', async () => {
    const list = await sources(
      { app: [`${TOKEN} ssh-ed25519 ${b64(ED)}`], user: ['# mine', `${hashed(TOKEN)} ssh-rsa ${b64(RSA)}`] },
      ['user'],
    );
    const recorded = await loadRecordedKeys(list, HOST, PORT);
    expect(recorded.map((e) => [path.basename(e.file), e.line, e.readOnly, e.keyType])).toEqual([
      ['app', 1, false, 'ssh-ed25519'],
      ['user', 2, true, 'ssh-rsa'],
    ]);
    // A match in a read-only source is enough: that is what trusting the engineer's OpenSSH files means.
    expect(judgeHostKey(recorded, RSA)).toMatchObject({ status: 'known', entry: { readOnly: true } });
    expect(judgeHostKey(recorded, ECDSA)).toMatchObject({ status: 'changed' });
  });

  it('treats missing files as empty, skips an unreadable read-only source, but not an unreadable app file', async () => {
    const missing = { path: path.join(dir, 'none'), readOnly: false };
    const aDir = { path: dir, readOnly: true };
    expect(await loadRecordedKeys([missing, aDir], HOST, PORT)).toEqual([]);
    await expect(loadRecordedKeys([{ path: dir, readOnly: false }], HOST, PORT)).rejects.toThrow(/EISDIR/);
  });
});
