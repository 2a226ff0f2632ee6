import { createHmac, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fingerprint,
  hostToken,
  hostsFieldMatches,
  keyTypeOf,
  KnownHosts,
  parseKnownHosts,
} from './known-hosts';

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

function hashed(token: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(token).digest('base64')}`;
}

describe('known_hosts parsing and matching', () => {
  it('computes fingerprints as ssh-keygen does (unpadded base64 of SHA-256)', () => {
    // ssh-keygen -l on this ed25519 public key prints this fingerprint.
    const pub = 'AAAAC3NzaC1lZDI1NTE5AAAAII7Azacu0oawfaBQp0/G1ysS4jkcd5LwEV8+QnaUniJr';
    expect(fingerprint(Buffer.from(pub, 'base64'))).toBe(
      'SHA256:X2mG5QzK3HmWpNGddOQWMYUWU8Ce+yqStpxrEX3O/2o',
    );
    expect(keyTypeOf(Buffer.from(pub, 'base64'))).toBe('ssh-ed25519');
  });

  it('writes the host column as OpenSSH does', () => {
    expect(hostToken('Example.COM', 22)).toBe('example.com');
    expect(hostToken('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('parses plain, marked, commented and malformed lines', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        '',
        'a.example,10.0.0.1 ssh-ed25519 AAAA1',
        '@revoked * ssh-rsa AAAA2',
        '@cert-authority *.example ssh-ed25519 AAAA3',
        'broken-line-without-key',
        '@weird host ssh-ed25519 AAAA4',
      ].join('\n'),
    );
    expect(entries).toEqual([
      { line: 3, marker: undefined, hosts: 'a.example,10.0.0.1', keyType: 'ssh-ed25519', keyBase64: 'AAAA1' },
      { line: 4, marker: 'revoked', hosts: '*', keyType: 'ssh-rsa', keyBase64: 'AAAA2' },
      { line: 5, marker: 'cert-authority', hosts: '*.example', keyType: 'ssh-ed25519', keyBase64: 'AAAA3' },
    ]);
  });

  it('matches lists, ports, wildcards, negations and hashed hosts', () => {
    expect(hostsFieldMatches('a.example,10.0.0.1', '10.0.0.1')).toBe(true);
    expect(hostsFieldMatches('[10.0.0.1]:2222', '10.0.0.1')).toBe(false);
    expect(hostsFieldMatches('[10.0.0.1]:2222', '[10.0.0.1]:2222')).toBe(true);
    expect(hostsFieldMatches('*.example', 'db.example')).toBe(true);
    expect(hostsFieldMatches('*.example,!db.example', 'db.example')).toBe(false);
    expect(hostsFieldMatches('web?.example', 'web1.example')).toBe(true);
    expect(hostsFieldMatches('a.example', 'a-example')).toBe(false); // dots are literal
    expect(hostsFieldMatches(hashed('[127.0.0.1]:2200'), '[127.0.0.1]:2200')).toBe(true);
    expect(hostsFieldMatches(hashed('[127.0.0.1]:2200'), '[127.0.0.1]:2201')).toBe(false);
  });

  it('matches as OpenSSH does: case, port wildcards, negation anywhere in the list', () => {
    expect(hostsFieldMatches('DB.Example', 'db.example')).toBe(true);
    expect(hostsFieldMatches('[127.0.0.1]:*', '[127.0.0.1]:2222')).toBe(true);
    expect(hostsFieldMatches('[127.0.0.1]:*', '127.0.0.1')).toBe(false); // port 22 is written bare
    // A negation wins wherever it is, before or after the positive pattern.
    expect(hostsFieldMatches('!db.example,*.example', 'db.example')).toBe(false);
    expect(hostsFieldMatches('!db.example,*.example', 'web.example')).toBe(true);
    // Only negations: nothing matches (a negated pattern never makes a match on its own).
    expect(hostsFieldMatches('!db.example', 'web.example')).toBe(false);
    // A hashed field is one host, never a list.
    expect(hostsFieldMatches('|1|bm90LWJhc2U2NA|x', 'db.example')).toBe(false);
  });
});

describe('KnownHosts', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kh-'));
    file = path.join(dir, 'sub', 'known_hosts');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('appends plain entries, mode 0600, and copes with a file without a final newline', async () => {
    const kh = new KnownHosts(file);
    const key = blob('ssh-ed25519', 'one');
    await kh.add('127.0.0.1', 2200, 'ssh-ed25519', key);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(await fs.readFile(file, 'utf8')).toBe(`[127.0.0.1]:2200 ssh-ed25519 ${key.toString('base64')}\n`);

    await fs.writeFile(file, `${hashed('db.example')} ssh-ed25519 ${key.toString('base64')}`);
    await kh.add('web.example', 22, 'ssh-ed25519', key);
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    expect(lines[1]).toBe(`web.example ssh-ed25519 ${key.toString('base64')}`);
  });

  it('keeps every line when several adds run at once', async () => {
    const kh = new KnownHosts(file);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        kh.add('127.0.0.1', 3000 + i, 'ssh-ed25519', blob('ssh-ed25519', `${i}`)),
      ),
    );
    expect(parseKnownHosts(await fs.readFile(file, 'utf8'))).toHaveLength(10);
  });
});
