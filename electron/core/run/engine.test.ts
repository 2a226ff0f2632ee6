import type { FileInstallRequest } from '../ssh/types';
import { describe, expect, it, vi } from 'vitest';
import { EngineError, ONLY_SKIP_REASON, RunEngine } from './engine';
import type { EngineStep } from './engine-types';
import type { RunEventBody } from './events';
import { fakeWorld, type FakeReply } from './testing/engine-fakes';

type ShellExtra = Partial<Extract<EngineStep, { kind: 'shell' }>> & { unless?: string };

function shell(name: string, command: string, { unless, ...extra }: ShellExtra = {}): EngineStep {
  const render = () => ({ command, ...(unless !== undefined ? { unless } : {}) });
  return {
    kind: 'shell',
    name,
    target: 'app',
    display: command,
    render,
    expect: [0],
    check: false,
    ...extra,
  };
}

const header: RunEventBody = { type: 'run-resumed', fromStep: 'x' };

function setup(steps: EngineStep[], reply?: (script: string) => FakeReply, secrets?: string[]) {
  const world = fakeWorld({ reply, secrets });
  const engine = new RunEngine({ steps, services: world.services });
  return { world, engine };
}

function finished(world: ReturnType<typeof fakeWorld>) {
  return world.journal.events.filter((e) => e.type === 'step-finished').map((e) => [e.step, e.status]);
}

describe('RunEngine', () => {
  it('runs every step in order in one session per server and finishes', async () => {
    const { world, engine } = setup([
      shell('a', 'echo a'),
      shell('b', 'echo b', { target: 'db' }),
      shell('c', 'echo c'),
    ]);
    await engine.begin({ ...header });
    expect(await engine.runUntilPause()).toBe('finished');
    expect(finished(world)).toEqual([
      ['a', 'succeeded'],
      ['b', 'succeeded'],
      ['c', 'succeeded'],
    ]);
    expect(world.opened).toEqual(['app', 'db']);
    expect(world.shells.get('app')?.scripts).toEqual(['echo a', 'echo c']);
    expect(world.journal.events.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'succeeded' });
    expect(world.recorders.get('app')?.markers).toEqual(['a', 'c']);
  });

  it('numbers attempts on from those of earlier parts of the run (resume)', async () => {
    const world = fakeWorld({});
    const engine = new RunEngine({
      steps: [shell('a', 'true'), shell('b', 'true')],
      services: world.services,
      done: { a: 'succeeded' },
      attempts: { a: 1, b: 1 },
    });
    await engine.begin({ type: 'run-resumed', fromStep: 'b' });
    expect(await engine.runUntilPause()).toBe('finished');
    expect(world.journal.events.filter((e) => e.type === 'step-started')).toEqual([
      expect.objectContaining({ step: 'b', attempt: 2 }),
    ]);
  });

  it('stops at the first failure, then retry re-runs that step', async () => {
    let failing = true;
    const { world, engine } = setup(
      [shell('a', 'true'), shell('b', 'flaky'), shell('c', 'true')],
      (script) => (script === 'flaky' ? { exitCode: failing ? 3 : 0, output: 'oops\n' } : {}),
    );
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('failed');
    expect(engine.snapshot().current).toBe('b');
    expect(world.journal.events.find((e) => e.type === 'step-finished' && e.step === 'b')).toMatchObject({
      status: 'failed',
      exitCode: 3,
      output: 'oops\n',
    });
    expect(world.shells.get('app')?.scripts).toEqual(['true', 'flaky']);
    failing = false;
    expect(await engine.retry()).toBe('idle');
    const started = world.journal.events.filter((e) => e.type === 'step-started' && e.step === 'b');
    expect(started.map((e) => (e.type === 'step-started' ? e.attempt : 0))).toEqual([1, 2]);
    expect(await engine.runUntilPause()).toBe('finished');
  });

  it('accepts the exit codes listed in expect', async () => {
    const { world, engine } = setup([shell('grep', 'grep x', { expect: [0, 1] })], () => ({ exitCode: 1 }));
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('finished');
    expect(finished(world)).toEqual([['grep', 'succeeded']]);
  });

  it('skip needs a non-empty reason and is journaled as the operator', async () => {
    const { world, engine } = setup([shell('a', 'false'), shell('b', 'true')], (s) => ({
      exitCode: s === 'false' ? 1 : 0,
    }));
    await engine.begin(header);
    await engine.runUntilPause();
    await expect(engine.skip('a', '   ')).rejects.toMatchObject({ code: 'reason-required' });
    await expect(engine.skip('b', 'no')).rejects.toBeInstanceOf(EngineError);
    expect(await engine.skip('a', 'fait à la main')).toBe('idle');
    expect(world.journal.events.find((e) => e.type === 'step-skipped')).toMatchObject({
      step: 'a',
      reason: 'fait à la main',
      by: 'operator',
    });
    expect(await engine.runUntilPause()).toBe('finished');
  });

  it('waits for confirmation with the masked command, and runs only after confirm()', async () => {
    const { world, engine } = setup([
      shell('drop', 'dropdb s3cret-value', { display: 'dropdb ••••••', confirm: 'Supprimer la base ?' }),
    ]);
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('awaiting-confirmation');
    expect(engine.snapshot().pending).toEqual({
      step: 'drop',
      prompt: 'Supprimer la base ?',
      command: 'dropdb ••••••',
    });
    expect(world.shells.size).toBe(0);
    await expect(engine.runNext()).rejects.toMatchObject({ code: 'invalid-state' });
    await engine.confirm('drop', 'alice');
    expect(await engine.runUntilPause()).toBe('finished');
    expect(world.journal.types()).toEqual([
      'run-resumed',
      'step-confirmed',
      'step-started',
      'server-connected',
      'step-finished',
      'run-finished',
    ]);
    expect(world.journal.events.find((e) => e.type === 'step-started')).toMatchObject({
      command: 'dropdb ••••••',
    });
  });

  it('skips a step whose unless command succeeds, without running it', async () => {
    const { world, engine } = setup(
      [shell('install', 'apt-get install nginx', { unless: 'which nginx' })],
      (s) => (s === 'which nginx' ? { exitCode: 0, output: '/usr/sbin/nginx\n' } : {}),
    );
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('finished');
    expect(world.shells.get('app')?.scripts).toEqual(['which nginx']);
    expect(world.journal.events.find((e) => e.type === 'step-skipped')).toMatchObject({
      step: 'install',
      by: 'unless',
    });
    expect(world.recorders.get('app')?.text).toContain('/usr/sbin/nginx');
  });

  it('runs the step when unless fails, and keeps unless output out of the step output', async () => {
    const { world, engine } = setup(
      [shell('install', 'apt-get install nginx', { unless: 'which nginx' })],
      (s) => (s === 'which nginx' ? { exitCode: 1, output: 'not found\n' } : { output: 'installed\n' }),
    );
    await engine.begin(header);
    await engine.runUntilPause();
    expect(world.shells.get('app')?.scripts).toEqual(['which nginx', 'apt-get install nginx']);
    const end = world.journal.events.find((e) => e.type === 'step-finished');
    expect(end).toMatchObject({ status: 'succeeded', output: 'installed\n' });
  });

  it('runs only the selected steps and journals each other one as skipped (--only), in order', async () => {
    const world = fakeWorld();
    const steps = [shell('a', 'echo a'), shell('b', 'echo b'), shell('c', 'echo c', { confirm: 'C ?' })];
    const engine = new RunEngine({ steps, services: world.services, only: new Set(['b']) });
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('finished');
    expect(world.shells.get('app')?.scripts).toEqual(['echo b']);
    const skips = world.journal.events.filter((e) => e.type === 'step-skipped');
    expect(skips).toEqual([
      expect.objectContaining({ step: 'a', reason: ONLY_SKIP_REASON, by: 'operator' }),
      expect.objectContaining({ step: 'c', reason: ONLY_SKIP_REASON, by: 'operator' }),
    ]);
    expect(world.journal.events.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'succeeded' });
  });

  it('stops after the --to step with a reason, resumable, and runs to the end when it is the last', async () => {
    const world = fakeWorld();
    const steps = [shell('a', 'echo a'), shell('b', 'echo b'), shell('c', 'echo c')];
    const engine = new RunEngine({ steps, services: world.services, stopAfter: 'b' });
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('aborted');
    expect(engine.stoppedAsAsked).toBe(true);
    expect(world.shells.get('app')?.scripts).toEqual(['echo a', 'echo b']);
    expect(world.journal.events.at(-1)).toMatchObject({
      type: 'run-finished',
      outcome: 'aborted',
      reason: 'stopped after step b, as asked (--to b)',
    });
    expect(engine.snapshot().steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'pending']);

    const last = { world: fakeWorld() };
    const toLast = new RunEngine({
      steps: [shell('a', 'x'), shell('b', 'y')],
      services: last.world.services,
      stopAfter: 'b',
    });
    await toLast.begin(header);
    expect(await toLast.runUntilPause()).toBe('finished');
    expect(toLast.stoppedAsAsked).toBe(false);
  });

  it('does not stop at the --to step while it has failed', async () => {
    const world = fakeWorld({ reply: (s) => (s === 'echo b' ? { exitCode: 1 } : {}) });
    const steps = [shell('a', 'echo a'), shell('b', 'echo b'), shell('c', 'echo c')];
    const engine = new RunEngine({ steps, services: world.services, stopAfter: 'b' });
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('failed');
    expect(engine.stoppedAsAsked).toBe(false);
    expect(await engine.skip('b', 'not needed')).toBe('aborted'); // skipped counts as done
    expect(engine.stoppedAsAsked).toBe(true);
  });

  it('runs a check step on demand without moving the run', async () => {
    const { world, engine } = setup(
      [shell('a', 'false'), shell('status', 'systemctl status', { check: true })],
      (s) => (s === 'false' ? { exitCode: 1 } : {}),
    );
    await engine.begin(header);
    expect(await engine.runStep('status')).toBe('idle');
    expect(engine.snapshot().current).toBe('a');
    await engine.runUntilPause();
    expect(engine.state).toBe('failed');
    expect(await engine.runStep('status')).toBe('failed');
    await expect(engine.runStep('nope')).rejects.toMatchObject({ code: 'unknown-step' });
    expect(finished(world)).toEqual([
      ['status', 'succeeded'],
      ['a', 'failed'],
      ['status', 'succeeded'],
    ]);
  });

  it('refuses to run a non-check step out of order', async () => {
    const { engine } = setup([shell('a', 'true'), shell('b', 'true')]);
    await engine.begin(header);
    await expect(engine.runStep('b')).rejects.toMatchObject({ code: 'invalid-state' });
    expect(await engine.runStep('a')).toBe('idle');
  });

  it('waits on a manual step until it is ticked', async () => {
    const steps: EngineStep[] = [
      { kind: 'manual', name: 'dns', display: 'Vérifier le DNS' },
      shell('b', 'true'),
    ];
    const { world, engine } = setup(steps);
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('awaiting-manual');
    expect(engine.snapshot().pending).toEqual({ step: 'dns', command: 'Vérifier le DNS' });
    await engine.tickManual('dns', 'alice');
    expect(await engine.runUntilPause()).toBe('finished');
    expect(world.journal.events.find((e) => e.type === 'manual-step-ticked')).toMatchObject({
      step: 'dns',
      by: 'alice',
    });
    expect(engine.snapshot().steps[0]?.status).toBe('ticked');
  });

  it('abort cancels the running step and finishes the run as aborted', async () => {
    const { world, engine } = setup([shell('sleep', 'sleep 100'), shell('b', 'true')], (s) =>
      s === 'sleep 100' ? { hang: true } : {},
    );
    await engine.begin(header);
    const run = engine.runUntilPause();
    await vi.waitFor(() => expect(world.shells.get('app')?.scripts).toHaveLength(1));
    expect(await engine.abort('SIGINT')).toBe('aborted');
    expect(await run).toBe('aborted');
    expect(world.journal.events.find((e) => e.type === 'step-finished')).toMatchObject({
      status: 'failed',
      cancelled: true,
    });
    expect(world.journal.events.filter((e) => e.type === 'run-finished')).toEqual([
      expect.objectContaining({ outcome: 'aborted', reason: 'SIGINT' }),
    ]);
    expect(world.shells.get('app')?.scripts).toEqual(['sleep 100']);
  });

  it('a dropped connection interrupts the step and waits for a choice; continue reconnects', async () => {
    let drop = true;
    const { world, engine } = setup([shell('a', 'long')], () => (drop ? { drop: true } : {}));
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('awaiting-reconnect');
    expect(world.journal.events.find((e) => e.type === 'step-finished')).toMatchObject({
      status: 'interrupted',
      exitCode: null,
    });
    expect(world.journal.types()).toContain('server-disconnected');
    expect(engine.snapshot()).toMatchObject({
      lost: [{ role: 'app', reason: 'connection reset' }],
      reconnect: { role: 'app', reason: 'connection reset', replay: [] },
    });
    drop = false;
    expect(await engine.reconnect('continue', 'alice')).toBe('idle');
    expect(world.journal.events.at(-1)).toMatchObject({
      type: 'reconnect-chosen',
      role: 'app',
      choice: 'continue',
      steps: [],
      by: 'alice',
    });
    expect(engine.snapshot().lost).toEqual([]);
    expect(await engine.runUntilPause()).toBe('finished');
    expect(world.opened).toEqual(['app', 'app']);
  });

  it('a shell dropped between steps is never replaced silently: the next step on it waits', async () => {
    const { world, engine } = setup([
      shell('cd', 'cd /srv'),
      shell('on-db', 'true', { target: 'db' }),
      shell('probe', 'true', { check: true }),
      shell('use', 'ls'),
    ]);
    await engine.begin(header);
    expect(await engine.runNext()).toBe('idle');
    const snapshots: Array<ReturnType<typeof engine.snapshot>> = [];
    engine.onStateChange((snapshot) => snapshots.push(snapshot));
    world.shells.get('app')!.drop('the server closed the connection');
    // Told at once, while idle: the UI does not wait for the next step to show the loss.
    expect(snapshots.at(-1)).toMatchObject({
      state: 'idle',
      lost: [{ role: 'app', reason: 'the server closed the connection' }],
    });
    // The step on another server still runs; the one on the lost server waits.
    expect(await engine.runUntilPause()).toBe('awaiting-reconnect');
    expect(engine.snapshot()).toMatchObject({ current: 'probe' });
    expect(finished(world)).toEqual([
      ['cd', 'succeeded'],
      ['on-db', 'succeeded'],
    ]);
    await expect(engine.runNext()).rejects.toThrow(EngineError);
  });

  it('replay re-runs the earlier succeeded shell steps of that server in the new shell, then goes on', async () => {
    const { world, engine } = setup(
      [
        shell('cd', 'cd /srv'),
        shell('probe', 'true', { check: true }),
        shell('skipped', 'make', { unless: 'test -f done' }),
        shell('on-db', 'true', { target: 'db' }),
        shell('use', 'ls'),
      ],
      (script) => (script === 'test -f done' ? { exitCode: 0 } : {}),
    );
    await engine.begin(header);
    expect(await engine.runNext()).toBe('idle');
    expect(await engine.runNext()).toBe('idle');
    expect(await engine.runNext()).toBe('idle');
    expect(await engine.runNext()).toBe('idle');
    world.shells.get('app')!.drop('reset');
    expect(await engine.runNext()).toBe('awaiting-reconnect');
    expect(engine.snapshot().reconnect).toEqual({ role: 'app', reason: 'reset', replay: ['cd'] });
    expect(await engine.reconnect('replay', 'alice')).toBe('idle');
    expect(await engine.runUntilPause()).toBe('finished');
    expect(world.opened).toEqual(['app', 'db', 'app']);
    expect(world.shells.get('app')?.scripts).toEqual(['cd /srv', 'ls']);
    const started = world.journal.events.filter((e) => e.type === 'step-started' && e.step === 'cd');
    expect(started.map((e) => (e.type === 'step-started' ? e.attempt : 0))).toEqual([1, 2]);
    expect(world.journal.types().indexOf('reconnect-chosen')).toBeLessThan(
      world.journal.events.findIndex((e) => e.type === 'step-started' && e.attempt === 2),
    );
  });

  it('a set-up step that fails when re-run stops the replay and asks again', async () => {
    let again = false;
    const { world, engine } = setup([shell('mk', 'createdb x'), shell('use', 'ls')], (script) =>
      script === 'createdb x' && again ? { exitCode: 1 } : {},
    );
    await engine.begin(header);
    await engine.runNext();
    world.shells.get('app')!.drop('reset');
    again = true;
    expect(await engine.runNext()).toBe('awaiting-reconnect');
    expect(await engine.reconnect('replay', 'alice')).toBe('awaiting-reconnect');
    expect(engine.snapshot().reconnect?.reason).toBe('set-up step mk failed when re-run');
    expect(await engine.reconnect('continue', 'alice')).toBe('idle');
    expect(await engine.runUntilPause()).toBe('finished');
    expect(world.shells.get('app')?.scripts).toEqual(['createdb x', 'ls']);
  });

  it('a run closed while it waits for a reconnect choice ends interrupted (resumable)', async () => {
    const { world, engine } = setup([shell('a', 'true'), shell('b', 'true')]);
    await engine.begin(header);
    await engine.runNext();
    world.shells.get('app')!.drop('reset');
    await engine.runNext();
    await engine.close();
    expect(world.journal.events.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'interrupted' });
  });

  it('closing a stopped run records its outcome once', async () => {
    const { world, engine } = setup([shell('a', 'false')], () => ({ exitCode: 1 }));
    await engine.begin(header);
    await engine.runUntilPause();
    await engine.close();
    await engine.close();
    expect(world.journal.events.filter((e) => e.type === 'run-finished')).toEqual([
      expect.objectContaining({ outcome: 'failed' }),
    ]);
    expect(world.shells.get('app')?.closed).toBe(true);
  });

  it('tells state listeners about every move, including idle to idle when a step is skipped', async () => {
    const { engine } = setup([shell('a', 'true'), shell('b', 'true')]);
    const seen: Array<[string, string | undefined]> = [];
    engine.onStateChange((s) => seen.push([s.state, s.current]));
    await engine.begin(header);
    await engine.skip('a', 'déjà fait');
    expect(seen.at(-1)).toEqual(['idle', 'b']);
    await engine.runUntilPause();
    expect(seen).toContainEqual(['running', 'b']);
    expect(seen.at(-1)).toEqual(['finished', undefined]);
  });

  it('sends keystrokes and resizes to the open session of a server', async () => {
    const { world, engine } = setup([shell('a', 'true')]);
    engine.write('app', 'ignored: no session yet');
    await engine.begin(header);
    await engine.runUntilPause();
    engine.write('app', 'ls\r');
    expect(world.shells.get('app')?.written).toEqual(['ls\r']);
  });

  it('writes each event to the journal before any listener sees it', async () => {
    const { world, engine } = setup([shell('a', 'true')]);
    const seen: Array<[string, number]> = [];
    engine.onEvent((event) => seen.push([event.type, world.journal.events.length - 1 - event.seq]));
    await engine.begin(header);
    await engine.runUntilPause();
    expect(seen.length).toBe(world.journal.events.length);
    // When a listener gets event n, the journal already holds it: nothing of it is left to write.
    expect(seen.every(([, behind]) => behind >= 0)).toBe(true);
    expect(seen.map(([type]) => type)).toEqual(world.journal.types());
  });

  it('redacts secrets from the terminal, the transcript and the step output', async () => {
    const secret = 'hunter2-pass';
    const { world, engine } = setup(
      [shell('a', `echo ${secret}`, { display: 'echo ••••••' })],
      // The fake prints the secret in two chunks, as a real PTY may.
      () => ({ output: ['pw=hunter2', '-pass done\n'] }),
      [secret],
    );
    const shown: string[] = [];
    engine.onTerminalData((_role, data) => shown.push(data));
    await engine.begin(header);
    await engine.runUntilPause();
    const all = shown.join('');
    expect(all).toBe('pw=•••••• done\n');
    expect(world.recorders.get('app')?.text).toBe(all);
    expect(world.journal.events.find((e) => e.type === 'step-finished')).toMatchObject({ output: all });
    expect(JSON.stringify(world.journal.events)).not.toContain('hunter2');
  });

  it("keeps the step output to the step's own text: the prompt after it is shown, not recorded as output", async () => {
    const { world, engine } = setup([shell('hello', 'echo hello')], () => ({
      output: 'hello\r\n',
      prompt: 'rblab@app:~$ ',
    }));
    const shown: string[] = [];
    engine.onTerminalData((_role, data) => shown.push(data));
    await engine.begin(header);
    await engine.runUntilPause();
    expect(shown.join('')).toBe('hello\r\nrblab@app:~$ ');
    expect(world.journal.events.find((e) => e.type === 'step-finished')).toMatchObject({
      output: 'hello\r\n',
    });
  });

  it('installs a file step and journals its diff before the step ends', async () => {
    const steps: EngineStep[] = [
      {
        kind: 'file',
        name: 'conf',
        target: 'web',
        render: () => ({ path: '/etc/x.conf', content: 'key=s3cr3t-value\n', sudo: true }),
        display: '/etc/x.conf',
      },
    ];
    const { world, engine } = setup(steps, undefined, ['s3cr3t-value']);
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('finished');
    expect(world.installs).toHaveLength(1);
    expect(world.journal.types()).toEqual([
      'run-resumed',
      'step-started',
      'server-connected',
      'file-diff',
      'step-finished',
      'run-finished',
    ]);
    expect(JSON.stringify(world.journal.events)).not.toContain('s3cr3t');
  });

  it('masks the diff of a sensitive file (sudo, 0600) unless the runbook marks it not sensitive', async () => {
    const file = (name: string, extra: Partial<FileInstallRequest>, sensitive?: boolean): EngineStep => ({
      kind: 'file',
      name,
      target: 'web',
      render: () => ({ path: `/etc/${name}`, content: 'user=admin\n', sudo: false, ...extra }),
      display: `/etc/${name}`,
      ...(sensitive !== undefined ? { sensitive } : {}),
    });
    const { world, engine } = setup([
      file('by-sudo', { sudo: true }),
      file('private', { mode: '0600' }),
      file('public', { mode: '0644' }),
      file('sudo-but-public', { sudo: true }, false),
    ]);
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('finished');
    const diffs = Object.fromEntries(
      world.journal.events.flatMap((e) => (e.type === 'file-diff' ? [[e.step, e.diff]] : [])),
    );
    expect(diffs['by-sudo']).toMatch(/^\+\[masked\] sha256:[0-9a-f]{16}\n$/);
    expect(diffs.private).toBe(diffs['by-sudo']);
    expect(diffs.public).toBe('+user=admin\n');
    expect(diffs['sudo-but-public']).toBe('+user=admin\n');
    const outputs = world.journal.events.flatMap((e) => (e.type === 'step-finished' ? [e.output] : []));
    expect(outputs.filter((o) => o.includes('user=admin'))).toHaveLength(2);
  });

  it('a connection that cannot be opened fails the step with the error', async () => {
    const world = fakeWorld({ failConnect: new Error('authentication failed') });
    const engine = new RunEngine({ steps: [shell('a', 'true')], services: world.services });
    await engine.begin(header);
    expect(await engine.runUntilPause()).toBe('failed');
    expect(engine.snapshot().lastError).toMatchObject({ step: 'a', message: 'authentication failed' });
  });

  it('a resumed run starts after the steps already done', async () => {
    const world = fakeWorld();
    const engine = new RunEngine({
      steps: [shell('a', 'one'), shell('b', 'two'), shell('c', 'three')],
      services: world.services,
      done: { a: 'succeeded', b: 'skipped' },
    });
    await engine.begin(header);
    expect(engine.snapshot().current).toBe('c');
    await engine.runUntilPause();
    expect(world.shells.get('app')?.scripts).toEqual(['three']);
  });
});
