import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindRunbook } from '../runbook/bind';
import { RunEngine } from '../run/engine';
import type { RunEvent } from '../run/events';
import { engineStepsOf } from '../run/plan-steps';
import { RunSetupError, type PreparedRun, type RunnerOptions } from '../run/runner';
import { fakeWorld, type FakeReply } from '../run/testing/engine-fakes';
import { SshError, type ConnectOptions } from '../ssh/types';
import { MemorySecretStore } from '../vault/memory-store';
import { KEYCHAIN_SERVICE, secretAccounts } from '../vault/secret-store';
import { ApiError } from '../contract/names';
import type { RunState } from '../contract/types';
import { createBackend, type Backend, type BackendOptions } from './backend';
import { tempWorld, type TempWorld } from './testing/fixtures';
import { dispatch } from './dispatch';
import { DEFAULT_FLOW_LIMITS } from './terminal-flow';

const APP_SERVER = {
  id: 'app',
  role: 'app' as const,
  label: 'Serveur applicatif',
  host: '192.0.2.10',
  port: 22,
  user: 'ops',
  auth: { method: 'password' as const },
};

let world: TempWorld;
let secrets: MemorySecretStore;
let backend: Backend;

function make(extra: Partial<BackendOptions> = {}): Backend {
  return createBackend({
    dataDir: world.dataDir,
    runbooksDir: world.runbooksDir,
    secrets,
    mode: 'browser',
    version: '1.2.3',
    operator: 'alice',
    ...extra,
  });
}

beforeEach(() => {
  world = tempWorld();
  secrets = new MemorySecretStore();
  backend = make();
});
afterEach(async () => {
  await backend.dispose();
  world.cleanup();
});

describe('library', () => {
  it('lists, details and searches the runbooks folder', async () => {
    const [summary] = await backend.listRunbooks();
    expect(summary).toMatchObject({
      id: 'demo',
      chapter: '9',
      file: '09-demo.md',
      stepCount: 3,
      servers: ['app'],
      errors: 0,
    });
    expect(summary!.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const detail = await backend.getRunbook({ id: 'demo' });
    expect(detail.body).toContain('## 9.1 Vérifier le service');
    expect(detail.sections.map((s) => s.title)).toEqual(['9.1 Vérifier le service', '9.2 Vérifier la base']);
    const confirmStep = detail.steps.find((s) => s.name === 'db-exists')!;
    expect(confirmStep).toMatchObject({
      title: 'Interroger la base {{db_name}} ?',
      variables: ['db_name'],
      kind: 'shell',
    });
    const hits = await backend.searchRunbooks({ query: 'supervisorctl' });
    expect(hits[0]).toMatchObject({ runbookId: 'demo', stepName: 'supervisor-status' });
  });

  it('names the reason when a runbook cannot be found', async () => {
    await expect(backend.getRunbook({ id: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('settings', () => {
  it('persist in the data dir across backends, merged field by field', async () => {
    expect(await backend.getSettings()).toEqual({ language: 'auto', theme: 'system' });
    expect(await backend.setSettings({ theme: 'dark' })).toEqual({ language: 'auto', theme: 'dark' });
    await backend.setSettings({ language: 'en' });
    expect(await make().getSettings()).toEqual({ language: 'en', theme: 'dark' });
  });
});

describe('servers and secrets', () => {
  it('stores a secret in the keychain and only ever reports that it exists', async () => {
    await backend.upsertServer({ server: APP_SERVER });
    const view = await backend.setServerSecret({ id: 'app', kind: 'password', value: 'hunter2-very-secret' });
    expect(view.hasSecret).toEqual({ password: true, passphrase: false });
    expect(await secrets.get(KEYCHAIN_SERVICE, secretAccounts.serverPassword('app'))).toBe(
      'hunter2-very-secret',
    );
    expect(JSON.stringify(await backend.listServers())).not.toContain('hunter2');
    const forgotten = await backend.forgetServerSecret({ id: 'app', kind: 'password' });
    expect(forgotten.hasSecret.password).toBe(false);
  });

  it("stores and forgets a jump host's secret under its secretId, reported apart from the server's", async () => {
    const server = {
      ...APP_SERVER,
      jump: { host: 'gw', port: 22, user: 'j', auth: { method: 'password' as const }, secretId: 'bastion' },
    };
    expect((await backend.upsertServer({ server })).jumpHasSecret).toEqual({
      password: false,
      passphrase: false,
    });
    const envelope = await dispatch(backend, 'setServerSecret', {
      id: 'app',
      kind: 'password',
      value: 'jump-secret',
      jump: true,
    });
    expect(envelope).toMatchObject({
      ok: true,
      result: { hasSecret: { password: false }, jumpHasSecret: { password: true, passphrase: false } },
    });
    // Where the SSH layer reads it (auth.ts: serverPassword(jump.secretId)), and nowhere else.
    expect(await secrets.get(KEYCHAIN_SERVICE, secretAccounts.serverPassword('bastion'))).toBe('jump-secret');
    expect(await secrets.get(KEYCHAIN_SERVICE, secretAccounts.serverPassword('app'))).toBeUndefined();
    expect(JSON.stringify(await backend.listServers())).not.toContain('jump-secret');

    await backend.setServerSecret({ id: 'app', kind: 'password', value: 'own-secret' });
    const forgotten = await backend.forgetServerSecret({ id: 'app', kind: 'password', jump: true });
    expect(forgotten.jumpHasSecret?.password).toBe(false);
    expect(forgotten.hasSecret.password).toBe(true);
    expect(await secrets.get(KEYCHAIN_SERVICE, secretAccounts.serverPassword('bastion'))).toBeUndefined();
  });

  it('refuses a jump secret for a server without a jump host', async () => {
    const view = await backend.upsertServer({ server: APP_SERVER });
    expect(view.jumpHasSecret).toBeUndefined();
    await expect(
      backend.setServerSecret({ id: 'app', kind: 'password', value: 'x', jump: true }),
    ).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/no jump host/) });
    expect(
      await dispatch(backend, 'setServerSecret', { id: 'app', kind: 'password', value: 'x', jump: false }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('forgets the secrets of a removed server', async () => {
    await backend.upsertServer({ server: APP_SERVER });
    await backend.setServerSecret({ id: 'app', kind: 'passphrase', value: 'pass-phrase' });
    await backend.removeServer({ id: 'app' });
    expect(await backend.listServers()).toEqual([]);
    expect(await secrets.get(KEYCHAIN_SERVICE, secretAccounts.keyPassphrase('app'))).toBeUndefined();
    await expect(backend.removeServer({ id: 'app' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('accepts an unknown host key only with the fingerprint the engineer was shown', async () => {
    const FP = 'SHA256:' + 'A'.repeat(43);
    const decisions: boolean[] = [];
    const connect = async (_server: unknown, options: ConnectOptions) => {
      const policy = options.onUnknownHostKey;
      const ok =
        typeof policy === 'function' &&
        (await policy({ host: 'h', port: 22, keyType: 'ssh-ed25519', fingerprint: FP }));
      decisions.push(ok);
      if (!ok)
        throw new SshError('host-key-unknown', 'unknown key', { fingerprint: FP, keyType: 'ssh-ed25519' });
      return { close: async () => undefined } as never;
    };
    backend = make({ connect });
    await backend.upsertServer({ server: APP_SERVER });
    expect(await backend.testConnection({ id: 'app' })).toEqual({
      ok: false,
      code: 'host-key-unknown',
      message: 'unknown key',
      fingerprint: FP,
      keyType: 'ssh-ed25519',
    });
    expect(
      await backend.testConnection({ id: 'app', acceptFingerprint: 'SHA256:' + 'B'.repeat(43) }),
    ).toMatchObject({
      ok: false,
      code: 'host-key-unknown',
    });
    expect(await backend.testConnection({ id: 'app', acceptFingerprint: FP })).toEqual({
      ok: true,
      hostKeyAccepted: true,
      fingerprint: FP,
    });
    expect(decisions).toEqual([false, false, true]);
  });
});

describe('methods not available in this build', () => {
  it('say so instead of pretending', async () => {
    await expect(backend.exportRunbookPdf({ id: 'demo' })).rejects.toMatchObject({ code: 'not-available' });
  });

  it('exports a PDF through the platform hook when there is one', async () => {
    backend = make({ printRunbookPdf: async (rb) => ({ path: `/tmp/${rb.id}.pdf` }) });
    expect(await backend.exportRunbookPdf({ id: 'demo' })).toEqual({ path: '/tmp/demo.pdf' });
  });
});

describe('runs (engine on fake shells)', () => {
  /** prepareRun's shape over the real binder and engine, with helper D's in-memory fakes for SSH and journal. */
  function fakePrepare(
    closed: string[],
    reply: (script: string) => FakeReply = (script) =>
      script.includes('psql') ? { output: 'psql: error\r\n', exitCode: 2 } : { output: 'RUNNING\r\n' },
    failConnect?: Error,
  ) {
    const fake = fakeWorld({ reply, ...(failConnect ? { failConnect } : {}) });
    const prepare = async (options: RunnerOptions): Promise<PreparedRun> => {
      const bound = bindRunbook(options.runbook, {
        values: options.values,
        inventory: options.inventory,
        runId: 'run-1',
      });
      if (!bound.ok)
        throw new RunSetupError(
          'bind',
          bound.errors.map((e) => `${e.field}: ${e.message}`).join('\n'),
          bound.errors,
        );
      const engine = new RunEngine({ steps: engineStepsOf(bound.plan), services: fake.services });
      return {
        runId: 'run-1',
        dir: '',
        plan: bound.plan,
        engine,
        warnings: [],
        generated: [],
        signingErrors: [],
        start: () => engine.begin({ type: 'run-resumed', fromStep: '' }),
        close: async (reason) => {
          closed.push(reason ?? '');
          await engine.close(reason);
        },
      };
    };
    return { fake, prepare };
  }

  it('walks a run, pushing events, states and terminal data tagged with the run id', async () => {
    const closed: string[] = [];
    const { prepare } = fakePrepare(closed);
    backend = make({ prepareRun: prepare });
    await backend.upsertServer({ server: APP_SERVER });
    const events: RunEvent[] = [];
    const states: RunState[] = [];
    const terminal: string[] = [];
    backend.onRunEvent((p) => events.push(p.event));
    backend.onRunState((s) => states.push(s));
    backend.onTerminalData((p) => terminal.push(`${p.runId}/${p.role}:${p.data}`));

    let state = await backend.startRun({ runbookId: 'demo', variables: { db_name: 'ocpizzas' } });
    expect(state).toMatchObject({
      runId: 'run-1',
      runbookId: 'demo',
      phase: 'idle',
      current: 'supervisor-status',
    });

    state = await backend.runUntilPause({ runId: 'run-1' });
    expect(state.phase).toBe('awaiting-confirmation');
    expect(state.pending).toMatchObject({ step: 'db-exists', prompt: 'Interroger la base ocpizzas ?' });
    expect(terminal.join('')).toContain('run-1/app:RUNNING');
    expect(state.terminals).toEqual(['app']);

    await expect(backend.confirmStep({ runId: 'run-1', step: 'supervisor-status' })).rejects.toBeInstanceOf(
      ApiError,
    );
    await backend.confirmStep({ runId: 'run-1', step: 'db-exists' });
    state = await backend.runNext({ runId: 'run-1' });
    expect(state.phase).toBe('failed');
    state = await backend.skipStep({ runId: 'run-1', step: 'db-exists', reason: 'base créée à la main' });
    expect(state).toMatchObject({ phase: 'idle', current: 'manual-ouvrir-la-page-d-accueil-et-verifier-le' });
    state = await backend.runNext({ runId: 'run-1' });
    expect(state.phase).toBe('awaiting-manual');
    state = await backend.tickManual({ runId: 'run-1', step: state.current! });
    expect(state.phase).toBe('finished');

    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'step-started',
        'step-finished',
        'step-confirmed',
        'step-skipped',
        'manual-step-ticked',
        'run-finished',
      ]),
    );
    expect(states.at(-1)?.phase).toBe('finished');
    expect(closed).toHaveLength(1); // resources released once the run ended
    await expect(backend.runNext({ runId: 'run-1' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('names the server and secret a step lacked, so the run page can ask for it (own or jump host)', async () => {
    const missing = (account: string) =>
      new SshError('secret-missing', `The password is not in the keychain (entry "${account}").`, {
        missing: 'password',
        account,
      });
    const server = {
      ...APP_SERVER,
      jump: {
        host: '192.0.2.1',
        port: 22,
        user: 'j',
        auth: { method: 'password' as const },
        secretId: 'bastion',
      },
    };
    for (const [account, jump] of [
      ['server:app:password', undefined],
      ['server:bastion:password', true],
    ] as const) {
      const { prepare } = fakePrepare([], undefined, missing(account));
      backend = make({ prepareRun: prepare });
      await backend.upsertServer({ server });
      const started = await backend.startRun({ runbookId: 'demo', variables: { db_name: 'ocpizzas' } });
      const state = await backend.runNext({ runId: started.runId });
      expect(state.phase).toBe('failed');
      expect(state.lastError?.missingSecret).toEqual({
        serverId: 'app',
        kind: 'password',
        label: 'Serveur applicatif',
        ...(jump ? { jump } : {}),
      });
      await backend.abortRun({ runId: started.runId });
    }
  });

  it('lets a flood through at once after a Ctrl-C typed in its terminal (flow control resumes)', async () => {
    const flood = 'x'.repeat(DEFAULT_FLOW_LIMITS.high);
    const { fake, prepare } = fakePrepare([], () => ({ output: flood }));
    backend = make({ prepareRun: prepare });
    await backend.upsertServer({ server: APP_SERVER });
    await backend.startRun({ runbookId: 'demo', variables: { db_name: 'ocpizzas' } });
    await backend.ackTerminal({ runId: 'run-1', role: 'app', chars: 0, attached: true });
    await backend.runNext({ runId: 'run-1' });
    const shell = fake.shells.get('app')!;
    expect(shell.flow).toEqual(['pause']); // the view has not parsed a window's worth yet
    await backend.writeTerminal({ runId: 'run-1', role: 'app', data: 'q' });
    expect(shell.flow).toEqual(['pause']);
    await backend.writeTerminal({ runId: 'run-1', role: 'app', data: '\x03' });
    expect(shell.flow).toEqual(['pause', 'resume']);
    expect(shell.written).toEqual(['q', '\x03']);
  });

  it('reports a bad variable value as invalid input naming the variable', async () => {
    const { prepare } = fakePrepare([]);
    backend = make({ prepareRun: prepare });
    await backend.upsertServer({ server: APP_SERVER });
    const error = await backend
      .startRun({ runbookId: 'demo', variables: { db_name: 'x; rm -rf /' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-input' });
    expect((error as Error).message).toMatch(/db_name/);
  });

  it('refuses to start when two servers share a role', async () => {
    const { prepare } = fakePrepare([]);
    backend = make({ prepareRun: prepare });
    await backend.upsertServer({ server: APP_SERVER });
    await backend.upsertServer({ server: { ...APP_SERVER, id: 'app2' } });
    await expect(backend.startRun({ runbookId: 'demo', variables: {} })).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});
