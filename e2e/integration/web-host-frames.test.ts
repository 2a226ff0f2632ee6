/**
 * Issue 12, finding 3, against the real browser-mode host (electron/web/main.ts as `npm run web` starts it)
 * and the real SSH lab: a client with a valid session sends frames over the limit, truncated, unmasked, not
 * UTF-8, not JSON and of the wrong types while a run is in a step. The host answers or closes that one
 * socket, stays up, and the run started before carries on and finishes: its journal ends with run-finished.
 * (Before the fix the first oversized frame was an unhandled 'error' event: the host exited mid-step.)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WS_MAX_MESSAGE_BYTES } from '../../electron/core/contract/limits';
import type { RunState } from '../../electron/core/contract/types';
import { clientFrame, frameHeader, OPCODE_TEXT, rawConnect } from '../../electron/web/testing/raw-socket';
import type { WsClient } from '../../renderer/api/ws-client';
import { startLab, type Lab } from '../lab/lab';
import { startWebHost, type WebHost } from '../web-host';

let lab: Lab;
let host: WebHost;
let api: WsClient;
let dataDir: string;
let runbooksDir: string;

beforeAll(async () => {
  lab = await startLab({ roles: ['app'] });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-int-web-data-'));
  runbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-int-web-books-'));
  fs.copyFileSync(
    path.join(import.meta.dirname, '../fixtures/runbooks/lab-gate.md'),
    path.join(runbooksDir, 'lab-gate.md'),
  );
  host = await startWebHost({ dataDir, runbooksDir });
  api = await host.apiClient();
  const server = lab.server('app');
  await api.upsertServer({ server: server.serverConfig() });
  await api.testConnection({ id: 'app', acceptFingerprint: server.hostKeyFingerprint });
});

afterAll(async () => {
  api?.close();
  await host?.stop();
  await lab?.stop();
  for (const dir of [dataDir, runbooksDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function waitForFile(file: string): Promise<void> {
  await vi.waitFor(() => expect(fs.existsSync(file)).toBe(true), { timeout: 60_000, interval: 50 });
}

/** The host process is alive and serves the api, on the connection that drives the run. */
async function hostAlive(): Promise<void> {
  expect(host.child.exitCode, host.output()).toBeNull();
  expect((await api.appInfo()).mode).toBe('browser');
}

describe('browser-mode host: bad frames from an authenticated client during a run', () => {
  it('closes or answers each one, and the run in progress finishes', async () => {
    const gate = `/tmp/rb-web-gate-${randomBytes(6).toString('hex')}`;
    try {
      const started: RunState = await api.startRun({ runbookId: 'lab-gate', variables: { gate } });
      const finished = api.runUntilPause({ runId: started.runId });
      await waitForFile(`${gate}.debut`); // the step is running on the server

      const cookie = await host.sessionCookie();
      const headers = { Origin: host.origin, Cookie: `${cookie.name}=${cookie.value}` };
      const port = Number(new URL(host.origin).port);

      // Over the limit, announced by the header alone: 1009 (Message Too Big).
      const oversized = await rawConnect(port, headers);
      oversized.socket.write(
        Buffer.concat([frameHeader(OPCODE_TEXT, WS_MAX_MESSAGE_BYTES + 1), Buffer.alloc(4)]),
      );
      expect(await oversized.closed).toBe(1009);
      await hostAlive();

      // A whole 1.2 MB message, as the paste of finding 3 was.
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, ['runbook.v1'], {
        origin: host.origin,
        headers: { Cookie: headers.Cookie },
      });
      ws.on('error', () => undefined); // the close code below is the result
      await new Promise((resolve) => ws.once('open', resolve));
      const wsClosed = new Promise((resolve) => ws.once('close', resolve));
      ws.send(JSON.stringify({ id: 1, method: 'writeTerminal', input: { data: 'x'.repeat(1_200_000) } }));
      expect(await wsClosed).toBe(1009);
      await hostAlive();

      // Truncated: a header announcing 100 bytes, 7 of them, then the connection ends.
      const truncated = await rawConnect(port, headers);
      truncated.socket.end(
        Buffer.concat([frameHeader(OPCODE_TEXT, 100), Buffer.alloc(4), Buffer.from('{"id":1')]),
      );
      expect(await truncated.closed).toBeNull();
      await hostAlive();

      // Unreadable frames: not masked (1002), text that is not UTF-8 (1007).
      const unmasked = await rawConnect(port, headers);
      unmasked.socket.write(Buffer.concat([frameHeader(OPCODE_TEXT, 2, false), Buffer.from('{}')]));
      expect(await unmasked.closed).toBe(1002);
      const notUtf8 = await rawConnect(port, headers);
      notUtf8.socket.write(clientFrame(OPCODE_TEXT, Buffer.from([0x7b, 0xff, 0x7d])));
      expect(await notUtf8.closed).toBe(1007);
      await hostAlive();

      // Read but wrong: an error reply each, on a socket that stays open.
      const wrong = await rawConnect(port, headers);
      const replies: unknown[] = [];
      for (const text of [
        'not json',
        '[]',
        '{"id":true,"method":"appInfo"}',
        '{"id":9,"method":"abortRun","input":{"runId":7}}',
      ]) {
        wrong.socket.write(clientFrame(OPCODE_TEXT, Buffer.from(text)));
        replies.push(JSON.parse(await wrong.nextText()));
      }
      expect(replies.map((r) => (r as { error: { code: string } }).error.code)).toEqual([
        'invalid-input',
        'invalid-input',
        'invalid-input',
        'invalid-input',
      ]);
      wrong.socket.destroy();
      await hostAlive();

      // The run was never disturbed: let its step end, and it finishes.
      fs.writeFileSync(gate, '');
      const state = await finished;
      expect(state.phase, JSON.stringify(state.steps ?? state)).toBe('finished');
      const journal = fs
        .readFileSync(path.join(dataDir, 'runs', started.runId, 'journal.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; outcome?: string });
      expect(journal.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'succeeded' });
      expect(host.output()).toMatch(/closed one api connection: Max payload size exceeded/);
    } finally {
      fs.rmSync(gate, { force: true });
      fs.rmSync(`${gate}.debut`, { force: true });
    }
  });
});
