import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knownHostsPath, runDir } from '../data-dir';
import { AsciicastRecorder, fileCastSink } from '../run/asciicast';
import { Journal } from '../run/journal';
import { verifyJournal } from '../run/verify';
import { FakeShell } from '../run/testing/engine-fakes';
import { finishedStep, runStarted } from '../run/testing/run-events';
import type { SshConnection } from '../ssh/connect';
import { fingerprint } from '../ssh/known-hosts';
import { SshError } from '../ssh/types';
import { MemorySecretStore } from '../vault/memory-store';
import { dispatch } from './dispatch';
import { createBackend, type Backend, type BackendOptions } from './backend';
import { tempWorld, type TempWorld } from './testing/fixtures';
import { readTranscript } from './transcripts';

const APP = {
  id: 'app',
  role: 'app' as const,
  label: 'Serveur applicatif',
  host: '192.0.2.10',
  port: 2222,
  user: 'ops',
  auth: { method: 'agent' as const },
};

let world: TempWorld;
let backend: Backend;

function make(extra: Partial<BackendOptions> = {}): Backend {
  return createBackend({
    dataDir: world.dataDir,
    runbooksDir: world.runbooksDir,
    secrets: new MemorySecretStore(),
    mode: 'browser',
    version: '1.2.3',
    operator: 'alice',
    sshConfigPath: path.join(world.root, 'ssh_config'),
    ...extra,
  });
}

beforeEach(() => {
  world = tempWorld();
  backend = make();
});
afterEach(async () => {
  await backend.dispose();
  world.cleanup();
});

describe('importSshConfig', () => {
  it('offers the concrete hosts of the ssh config file, through the dispatcher', async () => {
    fs.writeFileSync(
      path.join(world.root, 'ssh_config'),
      'Host *\n  User fallback\nHost oc-db\n  HostName 10.0.0.12\n  Port 2201\n',
    );
    const envelope = await dispatch(backend, 'importSshConfig', {});
    expect(envelope).toMatchObject({
      ok: true,
      result: {
        path: path.join(world.root, 'ssh_config'),
        found: true,
        hosts: [{ alias: 'oc-db', host: '10.0.0.12', port: 2201, user: 'fallback' }],
      },
    });
  });

  it('says when there is no ssh config rather than failing', async () => {
    expect(await backend.importSshConfig()).toMatchObject({ found: false, hosts: [] });
  });
});

describe('host keys', () => {
  const oldKey = Buffer.from('old-key-blob');
  const otherKey = Buffer.from('other-key-blob');
  const FP_OLD = fingerprint(oldKey);
  const FP_NEW = fingerprint(Buffer.from('new-key-blob'));

  it('reports a changed key with both fingerprints and where the old one is recorded', async () => {
    backend = make({
      connect: async () => {
        throw new SshError('host-key-changed', 'WARNING: changed', {
          fingerprint: FP_NEW,
          keyType: 'ssh-ed25519',
          recorded: FP_OLD,
          recordedKeyType: 'ssh-ed25519',
          line: '2',
          file: knownHostsPath(world.dataDir),
          readOnly: 'false',
        });
      },
    });
    await backend.upsertServer({ server: APP });
    expect(await backend.testConnection({ id: 'app' })).toEqual({
      ok: false,
      code: 'host-key-changed',
      message: 'WARNING: changed',
      fingerprint: FP_NEW,
      keyType: 'ssh-ed25519',
      recordedFingerprint: FP_OLD,
      recordedKeyType: 'ssh-ed25519',
      knownHostsLine: 2,
      knownHostsPath: knownHostsPath(world.dataDir),
    });
  });

  it('forgets only the recorded key the engineer saw, for this server', async () => {
    await backend.upsertServer({ server: APP });
    const file = knownHostsPath(world.dataDir);
    const lines = [
      `other.example ssh-ed25519 ${oldKey.toString('base64')}`,
      `[192.0.2.10]:2222 ssh-ed25519 ${oldKey.toString('base64')}`,
      `[192.0.2.10]:2222 ssh-rsa ${otherKey.toString('base64')}`,
      `@revoked [192.0.2.10]:2222 ssh-ed25519 ${oldKey.toString('base64')}`,
    ];
    fs.writeFileSync(file, lines.join('\n') + '\n');
    expect(await backend.forgetHostKey({ id: 'app', fingerprint: FP_NEW })).toEqual({ removed: 0 });
    expect(await backend.forgetHostKey({ id: 'app', fingerprint: FP_OLD })).toEqual({ removed: 1 });
    expect(fs.readFileSync(file, 'utf8')).toBe([lines[0], lines[2], lines[3]].join('\n') + '\n');
  });

  it('refuses a fingerprint that is not one', async () => {
    const envelope = await dispatch(backend, 'forgetHostKey', { id: 'app', fingerprint: 'abc' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('ad-hoc terminal', () => {
  it('journals the fingerprint of the host key the connection verified', async () => {
    const presented = fingerprint(Buffer.from('presented-key-blob'));
    backend = make({
      connect: async (server) => {
        const connection: Partial<SshConnection> = {
          server,
          hostKeyFingerprint: presented,
          closed: false,
          openShell: async () => new FakeShell(server, () => ({})),
          close: async () => {},
          onClose: () => () => {},
        };
        return connection as SshConnection;
      },
    });
    await backend.upsertServer({ server: APP });
    const { runId } = await backend.openTerminal({ serverId: 'app' });
    await backend.closeTerminal({ runId });
    const { events } = await verifyJournal(runDir(world.dataDir, runId));
    expect(events.find((e) => e.type === 'server-connected')).toMatchObject({
      role: 'app',
      fingerprint: presented,
    });
  });
});

describe('run records', () => {
  const RUN = '2026-11-25T10-00-00Z-deploy-ab12';

  function recordCast(file: string, chunks: Array<['o' | 'm', string]>): void {
    let now = 0;
    const recorder = new AsciicastRecorder(fileCastSink(path.join(runDir(world.dataDir, RUN), file)), {
      width: 100,
      height: 30,
      clock: () => (now += 1000),
      startedAt: Date.parse('2026-11-25T10:00:00Z'),
    });
    for (const [code, data] of chunks) {
      if (code === 'm') recorder.marker(data);
      else recorder.output(data);
    }
    recorder.close();
  }

  beforeEach(() => {
    const journal = Journal.create(runDir(world.dataDir, RUN), RUN);
    journal.append(runStarted({ runId: RUN }));
    journal.append({ type: 'step-started', step: 'a', target: 'app', command: 'echo hi', attempt: 1 });
    journal.append(finishedStep('a', 'succeeded', 0, '<script>alert(1)</script>\n'));
    journal.close();
    recordCast('app.cast', [
      ['m', 'a'],
      ['o', 'hello\r\n'],
    ]);
    recordCast('app.2.cast', [
      ['m', 'b'],
      ['o', 'again\r\n'],
    ]);
    recordCast('web.cast', [['o', 'nginx\r\n']]);
  });

  it('returns the transcript parts of one server in order, with their markers', async () => {
    const transcript = await backend.getTranscript({ runId: RUN, role: 'app' });
    expect(transcript.parts.map((p) => [p.file, p.width, p.height])).toEqual([
      ['app.cast', 100, 30],
      ['app.2.cast', 100, 30],
    ]);
    expect(transcript.parts[0]!.events.map(([, code, data]) => [code, data])).toEqual([
      ['m', 'a'],
      ['o', 'hello\r\n'],
    ]);
    expect(transcript.clipped).toBe(false);
    expect((await backend.getTranscript({ runId: RUN, role: 'db' })).parts).toEqual([]);
  });

  it('clips output beyond the limit but keeps every marker', async () => {
    const transcript = await readTranscript(runDir(world.dataDir, RUN), RUN, 'app', 8);
    expect(transcript.clipped).toBe(true);
    expect(transcript.parts.flatMap((p) => p.events.map(([, c, d]) => `${c}:${d}`))).toEqual([
      'm:a',
      'o:hello\r\n',
      'm:b',
    ]);
  });

  it('refuses an unknown run and a role that is not one', async () => {
    await expect(backend.getTranscript({ runId: 'nope', role: 'app' })).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(await dispatch(backend, 'getTranscript', { runId: RUN, role: '../x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('exports a self-contained HTML report with the output escaped', async () => {
    const file = await backend.exportRun({ runId: RUN, format: 'html' });
    expect(file).toMatchObject({ fileName: `${RUN}.html`, mimeType: 'text/html' });
    expect(file.content).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(file.content).not.toContain('<script>');
  });
});
