import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServer, SshError, type SshConnection } from '../../electron/core/ssh';
import { KEYCHAIN_SERVICE, secretAccounts } from '../../electron/core/vault/secret-store';
import { KeychainSecretStore } from '../../electron/core/vault/keychain-store';
import { startAgent, startLab, type Lab } from '../lab/lab';
import { connectOptions, trustingOptions } from './ssh-helpers';

let lab: Lab;
const open: SshConnection[] = [];

beforeAll(async () => {
  lab = await startLab({ roles: ['app', 'db', 'jump'] });
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await lab?.stop();
});

async function whoami(conn: SshConnection): Promise<string> {
  open.push(conn);
  const res = await conn.exec('whoami');
  expect(res.exitCode).toBe(0);
  return res.stdout.trim();
}

async function expectSshError(promise: Promise<unknown>, code: SshError['code']): Promise<SshError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SshError);
  expect((err as SshError).code).toBe(code);
  return err as SshError;
}

describe('authentication', () => {
  it('logs in with an unencrypted key file', async () => {
    const app = lab.server('app');
    expect(await whoami(await connectServer(app.serverConfig(), trustingOptions(app)))).toBe(app.user);
  });

  it("logs in with a key path written ~/…, as the form's hint shows it", async () => {
    const app = lab.server('app');
    // A home of its own (os.homedir() follows HOME), holding a copy of the lab's key.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-home-'));
    const savedHome = process.env['HOME'];
    try {
      fs.mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
      fs.copyFileSync(app.keyPath, path.join(home, '.ssh', 'id_lab'));
      process.env['HOME'] = home;
      const server = app.serverConfig({ method: 'key', keyPath: '~/.ssh/id_lab' });
      expect(await whoami(await connectServer(server, trustingOptions(app)))).toBe(app.user);
    } finally {
      process.env['HOME'] = savedHome;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('logs in with an encrypted key whose passphrase is in the real keychain', async () => {
    const app = lab.server('app');
    const secrets = new KeychainSecretStore();
    const server = app.serverConfig({ method: 'key', keyPath: app.encryptedKeyPath }, `enc-${process.pid}`);
    const account = secretAccounts.keyPassphrase(server.id);

    const missing = await expectSshError(
      connectServer(server, trustingOptions(app, { secrets })),
      'secret-missing',
    );
    expect(missing.message).toContain(app.encryptedKeyPath);
    expect(missing.message).toContain('passphrase');

    await secrets.set(KEYCHAIN_SERVICE, account, 'wrong passphrase');
    await expectSshError(connectServer(server, trustingOptions(app, { secrets })), 'auth-failed');

    await secrets.set(KEYCHAIN_SERVICE, account, app.passphrase);
    try {
      expect(await whoami(await connectServer(server, trustingOptions(app, { secrets })))).toBe(app.user);
    } finally {
      await secrets.delete(KEYCHAIN_SERVICE, account);
    }
  });

  it('logs in with a password from the secret store, and names user@host:port when it is wrong', async () => {
    const app = lab.server('app');
    const opts = trustingOptions(app);
    const server = app.serverConfig({ method: 'password' });
    const account = secretAccounts.serverPassword(server.id);

    const missing = await expectSshError(connectServer(server, opts), 'secret-missing');
    expect(missing.message).toContain('password');
    expect(missing.message).toContain(server.label);

    await opts.secrets.set(KEYCHAIN_SERVICE, account, 'not-the-password');
    const failed = await expectSshError(connectServer(server, opts), 'auth-failed');
    expect(failed.message).toContain(`${app.user}@${app.host}:${app.port}`);
    expect(failed.message).toContain('password');

    await opts.secrets.set(KEYCHAIN_SERVICE, account, app.password);
    expect(await whoami(await connectServer(server, opts))).toBe(app.user);
  });

  it('logs in through ssh-agent', async () => {
    const app = lab.server('app');
    const agent = await startAgent(lab);
    try {
      const opts = trustingOptions(app, { agentSocket: agent.socket });
      expect(await whoami(await connectServer(app.serverConfig({ method: 'agent' }), opts))).toBe(app.user);
    } finally {
      agent.stop();
    }
  });

  it('reaches a server through a jump host', async () => {
    const db = lab.server('db');
    const jump = lab.server('jump');
    const opts = trustingOptions(db);
    fs.appendFileSync(opts.knownHostsPath, jump.knownHostsLine());
    const server = {
      ...db.serverConfig(),
      // The target is addressed as the jump host sees it.
      jump: {
        host: jump.host,
        port: jump.port,
        user: jump.user,
        auth: { method: 'key' as const, keyPath: jump.keyPath },
        secretId: 'jump',
      },
    };
    const conn = await connectServer(server, opts);
    open.push(conn);
    const res = await conn.exec('echo "$SSH_CONNECTION"');
    // The target sees the connection coming from the jump host's sshd, on its own port.
    expect(res.stdout.trim().split(' ')[3]).toBe(String(db.port));
    // The key the connection reports is the target's, not the jump host's.
    expect(conn.hostKeyFingerprint).toBe(db.hostKeyFingerprint);
    expect(conn.hostKeyFingerprint).not.toBe(jump.hostKeyFingerprint);
  });
});

describe('host keys', () => {
  it('refuses an unknown key with its fingerprint, then remembers it once accepted', async () => {
    const app = lab.server('app');
    const opts = connectOptions();
    const rejected = await expectSshError(connectServer(app.serverConfig(), opts), 'host-key-unknown');
    expect(rejected.message).toContain(app.hostKeyFingerprint);
    expect(rejected.message).toMatch(/accept/i);
    expect(fs.existsSync(opts.knownHostsPath)).toBe(false);

    const asked: string[] = [];
    const accepting = {
      ...opts,
      onUnknownHostKey: async (info: { fingerprint: string }) => {
        asked.push(info.fingerprint);
        return true;
      },
    };
    expect(await whoami(await connectServer(app.serverConfig(), accepting))).toBe(app.user);
    expect(asked).toEqual([app.hostKeyFingerprint]);
    expect(fs.readFileSync(opts.knownHostsPath, 'utf8')).toBe(app.knownHostsLine());
    expect(fs.statSync(opts.knownHostsPath).mode & 0o777).toBe(0o600);

    // Next time the key is known: no question, even with the strict policy.
    expect(await whoami(await connectServer(app.serverConfig(), opts))).toBe(app.user);
    expect(asked).toHaveLength(1);
  });

  it('refuses a changed key, always, with both fingerprints and a warning', async () => {
    const db = lab.server('db');
    const opts = trustingOptions(db, { onUnknownHostKey: 'accept' });
    const knownBefore = fs.readFileSync(opts.knownHostsPath, 'utf8');
    const before = db.hostKeyFingerprint;
    await db.regenerateHostKey();
    const after = db.hostKeyFingerprint;
    expect(after).not.toBe(before);

    const err = await expectSshError(connectServer(db.serverConfig(), opts), 'host-key-changed');
    expect(err.message).toContain(before);
    expect(err.message).toContain(after);
    expect(err.message).toMatch(/man-in-the-middle/i);
    // Nothing was added to known_hosts.
    expect(fs.readFileSync(opts.knownHostsPath, 'utf8')).toBe(knownBefore);
  });
});

describe('connection failures', () => {
  it('times out with a clear message on a port that accepts but never speaks', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const app = lab.server('app');
      const server = { ...app.serverConfig(), port };
      const err = await expectSshError(
        connectServer(server, connectOptions({ connectTimeoutMs: 1_500 })),
        'connect-timeout',
      );
      expect(err.message).toContain(`127.0.0.1:${port} did not answer within 2 s`);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('reports a refused connection with host:port', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const server = { ...lab.server('app').serverConfig(), port };
    const err = await expectSshError(connectServer(server, connectOptions()), 'connect-failed');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.message).toContain('ECONNREFUSED');
  });
});
