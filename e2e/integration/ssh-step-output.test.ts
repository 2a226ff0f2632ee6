import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectServer, type ShellSession, type SshConnection } from '../../electron/core/ssh';
import { startLab, type Lab } from '../lab/lab';
import { stepEcho } from '../../electron/core/run/step-echo';
import { trustingOptions } from './ssh-helpers';

let lab: Lab;
let conn: SshConnection;
let shell: ShellSession;

beforeAll(async () => {
  lab = await startLab({ roles: ['app'] });
  const app = lab.server('app');
  conn = await connectServer(app.serverConfig(), trustingOptions(app));
  shell = await conn.openShell(80, 24);
});
afterAll(async () => {
  await shell?.close();
  await conn?.close();
  await lab?.stop();
});

it("gives a step's own output exactly, while the display also shows the echoed command and the prompt", async () => {
  let display = '';
  shell.onData((d) => (display += d));
  // Repeated: the prompt often arrives in the same chunk as the end marker, just before runStep resolves.
  for (let i = 0; i < 20; i++) {
    let output = '';
    const result = await shell.runStep('echo hello', {
      title: stepEcho('bonjour', 'echo hello'),
      onOutput: (d) => (output += d),
    });
    expect(result.exitCode).toBe(0);
    expect(output).toBe('hello\r\n');
  }
  let multi = '';
  await shell.runStep('echo one\nprintf two', { onOutput: (d) => (multi += d) });
  expect(multi).toBe('one\r\ntwo');
  expect(display).toContain('\x1b[2mecho hello  # bonjour\x1b[0m\r\n'); // dimmed, on the prompt's line
  expect(display).toContain('$ '); // the prompt is still on the terminal

  // A title's own escape sequences are neutralised, line by line (the command is the runbook's text).
  display = '';
  await shell.runStep('true', { title: 'a\x1b[31mb\nc' });
  expect(display).toContain('\x1b[2ma [31mb\x1b[0m\r\n\x1b[2mc\x1b[0m\r\n');
});
