import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { allowedSignersPath } from '../data-dir';
import { MemorySecretStore } from '../vault/memory-store';
import { KEYCHAIN_SERVICE, secretAccounts } from '../vault/secret-store';
import { installKeySigner, installPublicKey, RUN_SEAL_NAMESPACE, safePrincipal } from './signer';
import { publicKeyFingerprint } from './ssh-keygen';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signer-test-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Files of os.tmpdir() our signing helpers create (private agent dirs, key generation dirs). */
const helperDirs = () => fs.readdirSync(os.tmpdir()).filter((n) => /^rb-(sign|keygen)-/.test(n));

describe('the per-install signing key', () => {
  it('is made once, kept in the keychain only, trusted in allowed_signers, and signs through a private agent', async () => {
    // A temp folder of this test's own (os.tmpdir() follows TMPDIR): other test files sign at the same time
    // and make their own helper dirs in the shared one, which this test once counted as its leftovers.
    const savedTmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = fs.mkdtempSync(path.join(os.tmpdir(), 'signer-tmp-'));
    onTestFinished(() => {
      fs.rmSync(os.tmpdir(), { recursive: true, force: true });
      if (savedTmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = savedTmp;
    });
    const secrets = new MemorySecretStore();
    const before = helperDirs();
    const signer = await installKeySigner(secrets, dataDir);
    const again = await installPublicKey(secrets, dataDir);
    expect(again.publicKey).toBe(signer.publicKey);
    expect(again.fingerprint).toBe(publicKeyFingerprint(signer.publicKey));
    expect(again.allowedSignersLine).toBe(
      `${signer.principal} namespaces="${RUN_SEAL_NAMESPACE}" ${signer.publicKey.split(' ').slice(0, 2).join(' ')}`,
    );
    const stored = JSON.parse(
      (await secrets.get(KEYCHAIN_SERVICE, secretAccounts.installSigningKey())) ?? '{}',
    );
    expect(stored.privateKey).toMatch(/BEGIN OPENSSH PRIVATE KEY/);
    // The private half is nowhere in the data dir; allowed_signers holds the public line, once.
    const files = fs.readdirSync(dataDir, { recursive: true }) as string[];
    for (const f of files)
      expect(fs.readFileSync(path.join(dataDir, f), 'utf8')).not.toContain('PRIVATE KEY');
    expect(fs.readFileSync(allowedSignersPath(dataDir), 'utf8')).toBe(again.allowedSignersLine + '\n');
    expect(fs.statSync(allowedSignersPath(dataDir)).mode & 0o077).toBe(0);

    const data = 'a seal\n';
    const signature = await signer.sign(data);
    const sigFile = path.join(dataDir, 'x.sig');
    fs.writeFileSync(sigFile, signature);
    const check = spawnSync(
      'ssh-keygen',
      [
        '-Y',
        'verify',
        '-f',
        allowedSignersPath(dataDir),
        '-I',
        signer.principal,
        '-n',
        RUN_SEAL_NAMESPACE,
        '-s',
        sigFile,
      ],
      { input: data, encoding: 'utf8' },
    );
    expect(check.status, check.stderr).toBe(0);
    // The agent's socket dir and the keygen dir are gone once the calls return.
    expect(helperDirs().filter((d) => !before.includes(d))).toEqual([]);
  });

  it('a signature for another namespace never verifies as a run seal', async () => {
    const secrets = new MemorySecretStore();
    const signer = await installKeySigner(secrets, dataDir);
    const data = 'a seal\n';
    const sigFile = path.join(dataDir, 'x.sig');
    fs.writeFileSync(sigFile, await signer.sign(data));
    const check = spawnSync(
      'ssh-keygen',
      [
        '-Y',
        'verify',
        '-f',
        allowedSignersPath(dataDir),
        '-I',
        signer.principal,
        '-n',
        'file',
        '-s',
        sigFile,
      ],
      { input: data, encoding: 'utf8' },
    );
    expect(check.status).not.toBe(0);
  });

  it('keeps principals to characters that cannot change an allowed_signers line', () => {
    expect(safePrincipal('alice@laptop')).toBe('alice@laptop');
    expect(safePrincipal('bob "x",* y')).toBe('bob__x____y');
    expect(safePrincipal('')).toBe('runbook');
  });
});
