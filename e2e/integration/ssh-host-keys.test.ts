import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServer, SshError, type UnknownHostKeyPolicy } from '../../electron/core/ssh';
import { startLab, type Lab, type LabServer } from '../lab/lab';
import { finished, REPO } from './cli-helpers';
import { opensshConnects, opensshRecords } from './openssh-client';
import { connectOptions } from './ssh-helpers';

/**
 * Issue 12: host keys exactly as strict as OpenSSH. Every case runs the app's connectServer and the real
 * `ssh -o StrictHostKeyChecking=yes` against the same sshd and the same known_hosts files, and checks that
 * they agree on connect or refuse (and, where the app refuses, that it says why with the right fingerprints).
 */

let lab: Lab;
let work: string;

beforeAll(async () => {
  lab = await startLab({ roles: ['hk', 'cli'], hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'] });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-hostkeys-'));
});
afterAll(async () => {
  await lab?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The three places a key can be recorded: the app's file, the engineer's ~/.ssh/known_hosts, the global one. */
interface Files {
  app: string;
  user: string;
  global: string;
}

let caseNo = 0;
function files(content: Partial<Record<keyof Files, string>> = {}): Files {
  const dir = path.join(work, `case-${++caseNo}`);
  fs.mkdirSync(dir);
  const result = {
    app: path.join(dir, 'app_known_hosts'),
    user: path.join(dir, 'user_known_hosts'),
    global: path.join(dir, 'global_known_hosts'),
  };
  for (const key of Object.keys(content) as (keyof Files)[])
    fs.writeFileSync(result[key], content[key] ?? '');
  return result;
}

function snapshot(f: Files): Record<string, string | null> {
  const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null);
  return { app: read(f.app), user: read(f.user), global: read(f.global) };
}

type AppResult = { connected: true; fingerprint: string } | { connected: false; error: SshError };

/** connectServer with the app file and both OpenSSH files as trust sources, then disconnects. */
async function appConnects(
  server: LabServer,
  f: Files,
  onUnknownHostKey: UnknownHostKeyPolicy = 'reject',
): Promise<AppResult> {
  const opts = connectOptions({
    knownHostsPath: f.app,
    trustedKnownHostsFiles: [f.user, f.global],
    onUnknownHostKey,
  });
  try {
    const conn = await connectServer(server.serverConfig(), opts);
    const fingerprint = conn.hostKeyFingerprint;
    await conn.close();
    return { connected: true, fingerprint };
  } catch (error) {
    if (!(error instanceof SshError)) throw error;
    return { connected: false, error };
  }
}

/** Both clients, same server, same files; they must agree. Returns the app's result for further checks. */
async function bothAgree(server: LabServer, f: Files, expected: 'connect' | 'refuse'): Promise<AppResult> {
  const ssh = await opensshConnects(server, { user: [f.app, f.user], global: [f.global] });
  const app = await appConnects(server, f);
  expect({ app: app.connected, ssh: ssh.connected }, ssh.stderr).toEqual({
    app: expected === 'connect',
    ssh: expected === 'connect',
  });
  return app;
}

function refused(result: AppResult, code: SshError['code']): SshError {
  if (result.connected) throw new Error(`expected ${code}, but the app connected`);
  expect(result.error.code).toBe(code);
  return result.error;
}

const hostPort = (s: LabServer) => `[${s.host}]:${s.port}`;
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('a recorded key that does not match is CHANGED', () => {
  it('another key of the same type: refused, both fingerprints, even with an accepting policy', async () => {
    const hk = lab.server('hk');
    await hk.useHostKeys(['ed25519']);
    const before = hk.fingerprintOf('ed25519');
    const f = files({ app: hk.knownHostsLine('ed25519') });
    await hk.regenerateHostKey();
    const after = hk.fingerprintOf('ed25519');
    expect(after).not.toBe(before);

    const err = refused(await bothAgree(hk, f, 'refuse'), 'host-key-changed');
    expect(err.message).toContain(before);
    expect(err.message).toContain(after);
    expect(err.message).toContain(`${f.app} (line 1)`);
    expect(err.details).toMatchObject({ recorded: before, fingerprint: after, line: '1', file: f.app });

    const untouched = snapshot(f);
    refused(await appConnects(hk, f, 'accept'), 'host-key-changed');
    expect(snapshot(f)).toEqual(untouched);
  });

  it('a key of another type when only the ed25519 key is recorded (the reported bug)', async () => {
    const hk = lab.server('hk');
    await hk.useHostKeys(['ed25519']);
    const f = files({ app: hk.knownHostsLine('ed25519') });
    await hk.useHostKeys(['rsa']);

    const err = refused(await bothAgree(hk, f, 'refuse'), 'host-key-changed');
    expect(err.message).toContain(hk.fingerprintOf('ed25519'));
    expect(err.message).toContain(hk.fingerprintOf('rsa'));
    expect(err.details).toMatchObject({
      recorded: hk.fingerprintOf('ed25519'),
      recordedKeyType: 'ssh-ed25519',
      fingerprint: hk.fingerprintOf('rsa'),
      keyType: 'ssh-rsa',
    });

    // The policy --accept-host-key and the GUI's accept use is never asked: the file stays as it was.
    const asked: string[] = [];
    const untouched = snapshot(f);
    const result = await appConnects(hk, f, async (info) => {
      asked.push(info.fingerprint);
      return true;
    });
    refused(result, 'host-key-changed');
    expect(asked).toEqual([]);
    expect(snapshot(f)).toEqual(untouched);
  });
});

describe('entries OpenSSH wrote connect, whatever their type', () => {
  it('an rsa-only entry (hashed, as ssh wrote it) for a server that also has ed25519 and ecdsa keys', async () => {
    const hk = lab.server('hk');
    await hk.useHostKeys(['ed25519', 'ecdsa', 'rsa']);
    const f = files();
    await opensshRecords(hk, f.user, { algorithms: 'rsa-sha2-512,rsa-sha2-256', hashed: true });
    const written = fs.readFileSync(f.user, 'utf8').trim().split('\n');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\|1\|\S+ ssh-rsa /);

    const app = await bothAgree(hk, f, 'connect');
    expect(app).toEqual({ connected: true, fingerprint: hk.fingerprintOf('rsa') });
  });

  it('an ecdsa-only entry (plain [host]:port form)', async () => {
    const hk = lab.server('hk');
    await hk.useHostKeys(['ed25519', 'ecdsa', 'rsa']);
    const f = files();
    await opensshRecords(hk, f.user, { algorithms: 'ecdsa-sha2-nistp256', hashed: false });
    expect(fs.readFileSync(f.user, 'utf8')).toMatch(
      new RegExp(`^\\[127\\.0\\.0\\.1\\]:${hk.port} ecdsa-sha2-nistp256 `),
    );

    const app = await bothAgree(hk, f, 'connect');
    expect(app).toEqual({ connected: true, fingerprint: hk.fingerprintOf('ecdsa') });
  });
});

describe('@revoked keys', () => {
  it('are skipped: another recorded good key is used', async () => {
    const hk = lab.server('hk');
    await hk.useHostKeys(['ed25519', 'rsa']);
    const f = files({
      app: `@revoked ${hostPort(hk)} ${hk.publicKeyOf('ed25519')}\n` + hk.knownHostsLine('rsa'),
    });
    const app = await bothAgree(hk, f, 'connect');
    expect(app).toEqual({ connected: true, fingerprint: hk.fingerprintOf('rsa') });
  });

  it('presented: refused with a clear message naming the fingerprint once, never accepted', async () => {
    const hk = lab.server('hk');
    await hk.useHostKeys(['ed25519']);
    const revoked = hk.fingerprintOf('ed25519');
    const f = files({ app: `# revoked after the 2024 incident\n@revoked * ${hk.publicKeyOf('ed25519')}\n` });

    const err = refused(await bothAgree(hk, f, 'refuse'), 'host-key-revoked');
    expect(occurrences(err.message, revoked)).toBe(1);
    expect(err.message).toContain(`${f.app} (line 2)`);
    expect(err.message).toMatch(/@revoked/);
    const untouched = snapshot(f);
    refused(await appConnects(hk, f, 'accept'), 'host-key-revoked');
    expect(snapshot(f)).toEqual(untouched);
  });

  it('presented while another good key is recorded that the server no longer has: revoked, not changed', async () => {
    const hk = lab.server('hk');
    await hk.useHostKeys(['ed25519']);
    const f = files({
      app: `@revoked ${hostPort(hk)} ${hk.publicKeyOf('ed25519')}\n` + hk.knownHostsLine('rsa'),
    });
    refused(await bothAgree(hk, f, 'refuse'), 'host-key-revoked');
  });
});

describe("the engineer's OpenSSH known_hosts files are trusted, read only", () => {
  it('a key in ~/.ssh/known_hosts (hashed, written by ssh) is known: no question, nothing written', async () => {
    const hk = lab.server('hk');
    await hk.useHostKeys(['ed25519']);
    const f = files();
    await opensshRecords(hk, f.user, { algorithms: 'ssh-ed25519', hashed: true });
    const untouched = snapshot(f);

    const app = await bothAgree(hk, f, 'connect');
    expect(app).toEqual({ connected: true, fingerprint: hk.fingerprintOf('ed25519') });
    expect(snapshot(f)).toEqual(untouched);
    expect(fs.existsSync(f.app)).toBe(false);
  });

  it('the global file, with comma lists and a negated pattern that must not apply', async () => {
    const hk = lab.server('hk');
    await hk.useHostKeys(['ed25519']);
    const other = lab.server('cli').publicKeyOf('ed25519');
    const f = files({
      global:
        `*,!${hostPort(hk)} ${other}\n` + // every host but this one: not a record of this host
        `db.example,${hostPort(hk)} ${hk.publicKeyOf('ed25519')}\n`,
    });
    const app = await bothAgree(hk, f, 'connect');
    expect(app).toEqual({ connected: true, fingerprint: hk.fingerprintOf('ed25519') });
  });

  it('a different key recorded there is CHANGED, and the message says how to remove it (the app does not)', async () => {
    const hk = lab.server('hk');
    await hk.useHostKeys(['ed25519']);
    const f = files({ user: `${hostPort(hk)} ${lab.server('cli').publicKeyOf('ed25519')}\n` });
    const err = refused(await bothAgree(hk, f, 'refuse'), 'host-key-changed');
    expect(err.details).toMatchObject({ file: f.user, line: '1', readOnly: 'true' });
    expect(err.message).toContain(`ssh-keygen -R '${hostPort(hk)}' -f ${f.user}`);
  });

  it('a @cert-authority line is not taken for a host key: the key stays unknown, and we say it is unsupported', async () => {
    const hk = lab.server('hk');
    await hk.useHostKeys(['ed25519']);
    // The server's own key as a CA: if it were mistaken for a host key, the app would connect.
    const f = files({ user: `@cert-authority [127.0.0.1]:* ${hk.publicKeyOf('ed25519')}\n` });
    const err = refused(await bothAgree(hk, f, 'refuse'), 'host-key-unknown');
    expect(err.message).toMatch(/does not support host certificates/);
    expect(err.details.certAuthority).toBe(`${f.user}:1`);
  });
});

describe('the CLI', () => {
  const runbooks = () => {
    const dir = path.join(work, 'runbooks');
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, 'hk-probe.md'),
        [
          '---',
          'id: hk-probe',
          'title: Host key probe',
          'chapter: "0"',
          'servers: [app]',
          '---',
          '',
          '# Probe',
          '',
          '```sh {"name":"probe","target":"app"}',
          'true',
          '```',
          '',
        ].join('\n'),
      );
    }
    return dir;
  };

  /** `runbook run hk-probe` against the cli server, with its own data dir and HOME. */
  async function runCli(
    server: LabServer,
    extra: string[],
    setup: { dataKnownHosts?: string; home?: string },
  ) {
    const root = fs.mkdtempSync(path.join(work, 'cli-'));
    const dataDir = path.join(root, 'data');
    const home = path.join(root, 'home');
    fs.mkdirSync(dataDir);
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
    if (setup.dataKnownHosts !== undefined)
      fs.writeFileSync(path.join(dataDir, 'known_hosts'), setup.dataKnownHosts);
    if (setup.home !== undefined) fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), setup.home);
    const inventory = path.join(root, 'inventory.yaml');
    fs.writeFileSync(
      inventory,
      `servers:\n  app: { host: ${server.host}, port: ${server.port}, user: ${server.user}, auth: key, keyPath: ${server.keyPath} }\n`,
    );
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'electron/cli/main.ts',
        '--runbooks',
        runbooks(),
        'run',
        'hk-probe',
        '--inventory',
        inventory,
        '--yes',
        ...extra,
      ],
      {
        cwd: REPO,
        // HOME: the CLI's default trust sources (~/.ssh/known_hosts) are this test's, not the machine's.
        env: { ...process.env, RUNBOOK_DATA_DIR: dataDir, HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const result = await finished(child);
    return { ...result, dataDir, home, knownHosts: path.join(dataDir, 'known_hosts') };
  }

  it('--accept-host-key refuses a changed key (another type), naming host:port, both fingerprints, file and line', async () => {
    const cli = lab.server('cli');
    await cli.useHostKeys(['ed25519']);
    const recorded = cli.knownHostsLine('ed25519');
    await cli.useHostKeys(['rsa']);

    const result = await runCli(cli, ['--accept-host-key'], { dataKnownHosts: recorded });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`${cli.host}:${cli.port}`);
    expect(result.stderr).toContain(cli.fingerprintOf('ed25519'));
    expect(result.stderr).toContain(cli.fingerprintOf('rsa'));
    expect(result.stderr).toContain(`${result.knownHosts} (line 1)`);
    expect(result.stderr).not.toMatch(/Accepting the host key/);
    expect(fs.readFileSync(result.knownHosts, 'utf8')).toBe(recorded);

    const ssh = await opensshConnects(cli, { user: [result.knownHosts], global: [] });
    expect(ssh.connected).toBe(false);
  });

  it("trusts the key in the engineer's ~/.ssh/known_hosts without --accept-host-key, and writes nothing", async () => {
    const cli = lab.server('cli');
    await cli.useHostKeys(['ed25519', 'rsa']);
    const userFile = cli.knownHostsLine('rsa');

    const result = await runCli(cli, [], { home: userFile });
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(result.knownHosts)).toBe(false);
    expect(fs.readFileSync(path.join(result.home, '.ssh', 'known_hosts'), 'utf8')).toBe(userFile);

    const ssh = await opensshConnects(cli, {
      user: [path.join(result.home, '.ssh', 'known_hosts')],
      global: [],
    });
    expect(ssh.connected).toBe(true);
  });
});
