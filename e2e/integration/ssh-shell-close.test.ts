import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServer, type ShellSession, type SshConnection } from '../../electron/core/ssh';
import { startLab, type Lab } from '../lab/lab';
import { trustingOptions } from './ssh-helpers';

/**
 * ShellSession.close() ends the shell the way a human does (`exit`), so the channel closes as soon as bash
 * has exited, instead of bash being hung up on when a fallback timer closes the channel. Observed through
 * traps: a shell that exits writes "exit"; one hung up on (SIGHUP) writes "hup" first.
 * (Close times are measured by bench/shell-close.ts, not asserted here.)
 */
let lab: Lab;
let conn: SshConnection;

beforeAll(async () => {
  lab = await startLab({ roles: ['app'] });
  const app = lab.server('app');
  conn = await connectServer(app.serverConfig(), trustingOptions(app));
});
afterAll(async () => {
  await conn?.close();
  await lab?.stop();
});

/** A file the lab user can write and the test (root) can read; removed by the caller. */
function statusFile(): string {
  return `/tmp/rb-close-${process.pid}-${Math.random().toString(36).slice(2)}`;
}

/** A step that makes the shell record how it ends. */
const traps = (file: string) => `trap 'echo hup >> ${file}' HUP\ntrap 'echo exit >> ${file}' EXIT`;

describe('ShellSession.close()', () => {
  it('exits an idle shell with exit, so the shell ends normally', async () => {
    const shell = await conn.openShell(80, 24);
    const file = statusFile();
    try {
      expect((await shell.runStep(traps(file))).exitCode).toBe(0);
      let closed = '';
      shell.onClose((reason) => (closed = reason));
      await shell.close();
      expect(closed).not.toBe('');
      expect(fs.readFileSync(file, 'utf8')).toBe('exit\n');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('cancels a running step first (Ctrl-C), then exits once its prompt is back', async () => {
    const shell = await conn.openShell(80, 24);
    const file = statusFile();
    try {
      await shell.runStep(traps(file));
      let output = '';
      shell.onData((d) => (output += d));
      // `sleep` starts right after the output the test waits for: the first Ctrl-C often lands while bash
      // starts it, and is lost (4 runs in 5 before close() pressed it again).
      const step = shell.runStep('echo started\nsleep 60');
      await untilOutput(shell, () => output, 'started');
      await shell.close();
      expect(await step).toMatchObject({ cancelled: true, exitCode: 130, disconnected: false });
      expect(fs.readFileSync(file, 'utf8')).toBe('exit\n');
      expect(output).not.toContain('exit'); // the typed `exit` and "logout" are not shown
      expect(await shell.runStep('echo late')).toMatchObject({ disconnected: true });
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('presses Ctrl-C again when the first one does not stop the step, as cancel does', async () => {
    // The first SIGINT is swallowed on purpose, as bash swallows a Ctrl-C that lands while it starts a
    // command: with a single Ctrl-C, close() waited for its fallback and hung up on the shell.
    const shell = await conn.openShell(80, 24);
    const file = statusFile();
    try {
      await shell.runStep(traps(file));
      let output = '';
      shell.onData((d) => (output += d));
      const step = shell.runStep(
        `sh -c 'trap "trap - INT; echo ignored > ${file}.int" INT; echo armed; while :; do sleep 0.2; done'`,
      );
      await untilOutput(shell, () => output, 'armed');
      await shell.close();
      expect(await step).toMatchObject({ cancelled: true, exitCode: 130, disconnected: false });
      // Output is hidden once close() is called: the swallowed Ctrl-C leaves its mark in a file instead.
      expect(fs.readFileSync(`${file}.int`, 'utf8')).toBe('ignored\n');
      expect(fs.readFileSync(file, 'utf8')).toBe('exit\n');
    } finally {
      fs.rmSync(file, { force: true });
      fs.rmSync(`${file}.int`, { force: true });
    }
  });

  it('hangs up on a command that ignores Ctrl-C once the grace period is over', async () => {
    const shell = await conn.openShell(80, 24, { interruptGraceMs: 500 });
    const file = statusFile();
    const gate = `${file}.gate`;
    try {
      // bash traps SIGHUP here (traps()), so the hang-up does not end the command either, and sshd does
      // not confirm the channel's close while it runs: close() must end all the same.
      await shell.runStep(traps(file));
      let output = '';
      shell.onData((d) => (output += d));
      // Ignores SIGINT until the test opens the gate (so it cannot end on its own while the test waits).
      const step = shell.runStep(
        `sh -c 'trap "" INT; echo stubborn; until [ -e ${gate} ]; do sleep 0.1; done'`,
      );
      await untilOutput(shell, () => output, 'stubborn');
      let closedReason = '';
      shell.onClose((reason) => (closedReason = reason));
      await shell.close();
      expect(await step).toMatchObject({ cancelled: true, exitCode: null, disconnected: true });
      expect(closedReason).not.toBe('');
    } finally {
      fs.writeFileSync(gate, ''); // lets the orphaned command, then its shell, end
      fs.rmSync(gate, { force: true });
      fs.rmSync(file, { force: true });
    }
  });
});

/** Resolves once the session's display output (as read by `output`) contains `text`. */
function untilOutput(shell: ShellSession, output: () => string, text: string): Promise<void> {
  return new Promise<void>((resolve) => {
    if (output().includes(text)) return resolve();
    const off = shell.onData(() => {
      if (output().includes(text)) {
        off();
        resolve();
      }
    });
  });
}
