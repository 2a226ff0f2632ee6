import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServer, type ShellSession, type SshConnection } from '../../electron/core/ssh';
import { startLab, type Lab } from '../lab/lab';
import { trustingOptions } from './ssh-helpers';

let lab: Lab;
let conn: SshConnection;
let shell: ShellSession;
let output = '';

beforeAll(async () => {
  lab = await startLab({ roles: ['app', 'victim'] });
  const app = lab.server('app');
  conn = await connectServer(app.serverConfig(), trustingOptions(app));
  shell = await conn.openShell(120, 40);
  shell.onData((d) => (output += d));
});
afterAll(async () => {
  await shell?.close();
  await conn?.close();
  await lab?.stop();
});

/** Runs a step and returns its result with the display output it produced. */
async function run(script: string, options: { timeoutMs?: number } = {}) {
  const start = output.length;
  const result = await shell.runStep(script, options);
  return { ...result, out: output.slice(start) };
}

/** Resolves once a session's display output (as read by `read`, from `from` on) contains `text`. */
function waitForOutput(
  text: string,
  from = output.length,
  session = shell,
  read: () => string = () => output,
): Promise<void> {
  return new Promise((resolve) => {
    if (read().includes(text, from)) return resolve();
    const off = session.onData(() => {
      if (read().includes(text, from)) {
        off();
        resolve();
      }
    });
  });
}

describe('persistent shell', () => {
  it('keeps cd, exported variables and a sourced environment across steps', async () => {
    expect((await run('mkdir -p /tmp/rb-state && cd /tmp/rb-state && export RB_COLOUR=blue')).exitCode).toBe(
      0,
    );
    expect(
      (
        await run(
          'printf \'export VIRTUAL_ENV=/tmp/rb-state/env\\nPATH="$VIRTUAL_ENV/bin:$PATH"\\n\' > activate',
        )
      ).exitCode,
    ).toBe(0);
    expect((await run('source ./activate')).exitCode).toBe(0);
    const r = await run('echo "pwd=$PWD colour=$RB_COLOUR venv=$VIRTUAL_ENV path=${PATH%%:*}"');
    expect(r.exitCode).toBe(0);
    expect(r.out).toContain(
      'pwd=/tmp/rb-state colour=blue venv=/tmp/rb-state/env path=/tmp/rb-state/env/bin',
    );
  });

  it('reports exit codes, and stops a multi-line step at its first failing line', async () => {
    expect((await run('true')).exitCode).toBe(0);
    expect((await run("sh -c 'exit 3'")).exitCode).toBe(3);
    const r = await run('echo first-line\nls /no/such/dir\necho never-printed');
    expect(r.exitCode).toBe(2);
    expect(r.out).toContain('first-line');
    expect(r.out).not.toContain('never-printed');
    // Failures inside a function the step defines stop the step too; handled failures (||, if) do not.
    const f = await run(
      'f() { false; echo after-false; }\nif false; then :; fi\nfalse || echo handled\nf\necho not-reached',
    );
    expect(f.exitCode).toBe(1);
    expect(f.out).toContain('handled');
    expect(f.out).not.toContain('after-false');
    expect(f.out).not.toContain('not-reached');
  });

  it('leaves the interactive shell alive and normal after a failed step', async () => {
    await run('false');
    // The engineer types at the prompt: a failing command there must not trip a leftover ERR trap.
    const from = output.length;
    shell.write('false; echo typed-$((40+2)) "$(trap -p ERR)"\r');
    await waitForOutput('typed-42', from);
    expect(output.slice(from)).not.toContain('trap --');
    expect((await run('echo still-here')).out).toContain('still-here');
  });

  it('does not end a step on a marker with another nonce, and hides the real markers', async () => {
    const r = await run(
      "printf '\\033]133;D;0;0123456789abcdef\\007'\nsleep 0.3\necho after-fake\nsh -c 'exit 5'",
    );
    expect(r.exitCode).toBe(5);
    expect(r.out).toContain('after-fake');
    expect(r.out).toContain('\x1b]133;D;0;0123456789abcdef\x07'); // not ours: passed through
    // Our own markers (24-hex-digit nonce) never reach the display.
    // eslint-disable-next-line no-control-regex -- matching escape sequences is the point
    expect(output).not.toMatch(/\x1b\]133;(?:[RABC];|D;\d+;)[0-9a-f]{24}\x07/);
  });

  it('runs a multi-line script with a heredoc, quotes and UTF-8 intact', async () => {
    const r = await run(
      [
        "cat > /tmp/rb-heredoc.txt <<'EOF'",
        `single 'quoted' "double" $NOT_EXPANDED \\backslash`,
        'pizza: 🍕 café',
        'EOF',
        'cat /tmp/rb-heredoc.txt',
        'rm /tmp/rb-heredoc.txt',
      ].join('\n'),
    );
    expect(r.exitCode).toBe(0);
    expect(r.out).toContain(`single 'quoted' "double" $NOT_EXPANDED \\backslash\r\npizza: 🍕 café`);
  });

  it('receives 5 MB of output completely, multi-byte characters included', async () => {
    const r = await run(
      "head -c 5000000 /dev/zero | tr '\\0' x; echo; for i in $(seq 1 20000); do printf 'é🍕'; done; echo",
    );
    expect(r.exitCode).toBe(0);
    expect(r.out.match(/x/g)?.length).toBe(5_000_000);
    expect(r.out.match(/é/g)?.length).toBe(20_000);
    expect(r.out.match(/🍕/g)?.length).toBe(20_000);
    expect(r.out).not.toContain('\ufffd'); // no character broken at a chunk boundary
  });

  it('answers an interactive read through write()', async () => {
    const start = output.length;
    const step = shell.runStep('read -r -p \'Your name? \' name\necho "hello $name"');
    await waitForOutput('Your name? ', start);
    shell.write('Ada Lovelace\r');
    const r = await step;
    expect(r.exitCode).toBe(0);
    expect(output.slice(start)).toContain('hello Ada Lovelace');
  });

  it('interrupts a step that runs past its timeout with Ctrl-C', async () => {
    const r = await run('echo sleeping\nsleep 60\necho woke-up', { timeoutMs: 1_000 });
    expect(r).toMatchObject({ timedOut: true, cancelled: false, disconnected: false, exitCode: 130 });
    expect(r.out).not.toContain('woke-up');
    expect((await run('echo usable-after-timeout')).exitCode).toBe(0);
  });

  it('cancels a running step', async () => {
    const start = output.length;
    const step = shell.runStep('echo cancel-me\nsleep 60\necho not-cancelled');
    await waitForOutput('cancel-me', start);
    shell.cancel();
    const r = await step;
    expect(r).toMatchObject({ cancelled: true, timedOut: false, exitCode: 130 });
    expect(output.slice(start)).not.toContain('not-cancelled');
  });

  it('presses Ctrl-C again when the first one does not end the step', async () => {
    // The first SIGINT is swallowed here on purpose, as it is by bash when Ctrl-C lands while a command is
    // being started: one Ctrl-C alone would leave the step running until the grace period gives up on it.
    const start = output.length;
    const step = shell.runStep(
      `sh -c 'trap "trap - INT; echo first-ignored" INT; echo armed; while :; do sleep 0.2; done'\necho not-cancelled`,
    );
    await waitForOutput('armed', start);
    shell.cancel();
    const r = await step;
    expect(r).toMatchObject({ cancelled: true, exitCode: 130 });
    expect(output.slice(start)).toContain('first-ignored');
    expect(output.slice(start)).not.toContain('not-cancelled');
    expect((await run('echo usable-after-cancel')).exitCode).toBe(0);
  });

  it('starts no step while a command that ignored Ctrl-C outlives its step, and recovers after it', async () => {
    const s = await conn.openShell(80, 24, { interruptGraceMs: 500 });
    const gate = `/tmp/rb-stuck-${process.pid}-${Math.random().toString(36).slice(2)}`;
    let seen = '';
    s.onData((d) => (seen += d));
    try {
      // SIGINT ignored by sh and, inherited, by sleep: Ctrl-C cannot stop it. It ends when the test opens
      // the gate, not after a delay that a slow machine could outlast.
      const step = s.runStep(
        `sh -c 'trap "" INT; echo stubborn; until [ -e ${gate} ]; do sleep 0.1; done; echo done-by-itself'`,
      );
      await waitForOutput('stubborn', 0, s, () => seen);
      s.cancel();
      const r = await step;
      expect(r).toMatchObject({ cancelled: true, exitCode: null });
      // Its invocation would be typed into the still running command's input: refused, with the reason.
      await expect(s.runStep('echo too-early')).rejects.toThrow(/still running: stop it in the terminal/);
      const from = seen.length;
      fs.writeFileSync(gate, '');
      // The prompt after the command's last line is shown only once the session has seen its marker (idle).
      await waitForOutput('done-by-itself', from, s, () => seen);
      await waitForOutput('$ ', seen.indexOf('done-by-itself', from), s, () => seen);
      expect(await s.runStep('echo back-to-normal')).toMatchObject({ exitCode: 0 });
      expect(seen).not.toContain('too-early');
    } finally {
      fs.rmSync(gate, { force: true });
      await s.close();
    }
  });

  it('holds output back while paused and delivers all of it on resume', async () => {
    const start = output.length;
    shell.pause();
    let finished = false;
    const step = shell.runStep("head -c 8000000 /dev/zero | tr '\\0' p; echo").then((r) => {
      finished = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 1_000));
    // Flow control: the remote side is blocked by the SSH window, the step cannot have finished.
    expect(finished).toBe(false);
    expect(output.length - start).toBeLessThan(8_000_000);
    shell.resume();
    const r = await step;
    expect(r.exitCode).toBe(0);
    expect(output.slice(start).match(/p/g)?.length).toBeGreaterThanOrEqual(8_000_000);
  });
});

describe('dropped server', () => {
  it('ends a running step as disconnected when sshd is killed, and the server can come back', async () => {
    const victim = lab.server('victim');
    const c = await connectServer(victim.serverConfig(), trustingOptions(victim));
    const s = await c.openShell(80, 24);
    const reasons: string[] = [];
    s.onClose((reason) => reasons.push(reason));
    let seen = '';
    s.onData((d) => (seen += d));
    const step = s.runStep('echo working\nsleep 60');
    await new Promise<void>((resolve) => {
      const off = s.onData(() => {
        if (seen.includes('working')) {
          off();
          resolve();
        }
      });
    });
    victim.kill();
    const r = await step;
    expect(r).toMatchObject({ disconnected: true, exitCode: null });
    expect(reasons).toHaveLength(1);
    expect(await s.runStep('echo x')).toMatchObject({ disconnected: true, exitCode: null });

    await victim.restart();
    const again = await connectServer(victim.serverConfig(), trustingOptions(victim));
    try {
      expect((await again.exec('echo back')).stdout).toBe('back\n');
    } finally {
      await again.close();
    }
  });
});
