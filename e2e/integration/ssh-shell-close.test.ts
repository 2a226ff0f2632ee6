import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServer, type SshConnection } from '../../electron/core/ssh';
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
      const step = shell.runStep('echo started\nsleep 60');
      await new Promise<void>((resolve) => {
        const off = shell.onData(() => {
          if (output.includes('started')) {
            off();
            resolve();
          }
        });
      });
      await shell.close();
      expect(await step).toMatchObject({ cancelled: true, exitCode: 130, disconnected: false });
      expect(fs.readFileSync(file, 'utf8')).toBe('exit\n');
      expect(output).not.toContain('exit'); // the typed `exit` and "logout" are not shown
      expect(await shell.runStep('echo late')).toMatchObject({ disconnected: true });
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
