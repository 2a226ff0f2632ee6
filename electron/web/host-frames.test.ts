/**
 * What a client with a valid session may send cannot take the host down (ws-api.ts): an unreadable frame
 * closes that socket alone with the close code that says why; a wrong message gets an error reply. After
 * each, another connection's api calls still work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_MAX_MESSAGE_BYTES } from '../core/contract/limits';
import { ApiError } from '../core/contract/names';
import { createWsClient, type ApiSocket, type WsClient } from '../../renderer/api/ws-client';
import { exchange, startTestHost, type TestHost } from './testing/test-host';
import { clientFrame, frameHeader, OPCODE_TEXT, rawConnect, type RawSocket } from './testing/raw-socket';

let t: TestHost;
let cookie: string;
let bystander: WsClient;

beforeAll(async () => {
  t = await startTestHost();
  cookie = (await exchange(t.host, t.host.token)).cookie!;
  bystander = createWsClient({
    url: `ws://127.0.0.1:${t.host.port}/api`,
    openSocket: (url, protocols) => {
      const socket = new WebSocket(url, protocols, { origin: t.host.origin, headers: { Cookie: cookie } });
      socket.binaryType = 'arraybuffer';
      return socket as unknown as ApiSocket;
    },
  });
  await bystander.appInfo();
});

afterAll(async () => {
  bystander.close();
  await t.close();
});

const connect = (): Promise<RawSocket> => rawConnect(t.host.port, { Origin: t.host.origin, Cookie: cookie });

/** The other connection is still served, by the same socket it had before. */
async function bystanderStillServed(): Promise<void> {
  expect((await bystander.appInfo()).mode).toBe('browser');
}

describe('web host: frames that cannot be read close only their socket', () => {
  it('a frame announcing more than 1 MiB: 1009, refused from its header', async () => {
    const raw = await connect();
    // Only the header: the host must not wait for (or buffer) the megabyte it announces.
    raw.socket.write(Buffer.concat([frameHeader(OPCODE_TEXT, WS_MAX_MESSAGE_BYTES + 1), Buffer.alloc(4)]));
    expect(await raw.closed).toBe(1009);
    expect(t.connectionErrors.at(-1)?.message).toMatch(/Max payload size exceeded/);
    await bystanderStillServed();
  });

  it('a whole message of 1 MiB + 1 from a normal client: 1009', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.host.port}/api`, ['runbook.v1'], {
      origin: t.host.origin,
      headers: { Cookie: cookie },
    });
    await new Promise((resolve) => ws.once('open', resolve));
    const code = new Promise((resolve) => ws.once('close', resolve));
    ws.send('x'.repeat(WS_MAX_MESSAGE_BYTES + 1));
    expect(await code).toBe(1009);
    await bystanderStillServed();
  });

  it('an unmasked client frame and a reserved opcode: 1002', async () => {
    const unmasked = await connect();
    unmasked.socket.write(Buffer.concat([frameHeader(OPCODE_TEXT, 2, false), Buffer.from('{}')]));
    expect(await unmasked.closed).toBe(1002);
    const reserved = await connect();
    reserved.socket.write(clientFrame(0x3, Buffer.from('x')));
    expect(await reserved.closed).toBe(1002);
    await bystanderStillServed();
  });

  it('text that is not UTF-8: 1007', async () => {
    const raw = await connect();
    raw.socket.write(clientFrame(OPCODE_TEXT, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])));
    expect(await raw.closed).toBe(1007);
    await bystanderStillServed();
  });

  it('a truncated frame, then the connection ends', async () => {
    const raw = await connect();
    raw.socket.end(Buffer.concat([frameHeader(OPCODE_TEXT, 100), Buffer.alloc(4), Buffer.from('{"id":1')]));
    expect(await raw.closed).toBeNull();
    await bystanderStillServed();
  });
});

describe('web host: messages that are read but wrong get an error reply, and the socket stays open', () => {
  it('answers non-JSON, non-objects, wrong types and wrong input with invalid-input', async () => {
    const raw = await connect();
    const send = (text: string) => raw.socket.write(clientFrame(OPCODE_TEXT, Buffer.from(text)));
    const replies: unknown[] = [];
    for (const text of [
      '{"id":1,"method":"appInfo"', // cut short
      '[1,2,3]',
      '"appInfo"',
      '{"id":{},"method":"appInfo"}',
      '{"id":2,"method":42}',
      '{"id":3,"method":"writeTerminal","input":{"runId":5,"role":"app","data":""}}',
    ]) {
      send(text);
      replies.push(JSON.parse(await raw.nextText()));
    }
    expect(replies).toEqual([
      { id: null, error: { code: 'invalid-input', message: 'The message is not JSON.' } },
      {
        id: null,
        error: { code: 'invalid-input', message: 'The message must be an object {id, method, input}.' },
      },
      {
        id: null,
        error: { code: 'invalid-input', message: 'The message must be an object {id, method, input}.' },
      },
      {
        id: null,
        error: { code: 'invalid-input', message: 'The message has no "id" (a number or a string).' },
      },
      { id: 2, error: { code: 'invalid-input', message: 'The message has no "method" (a string).' } },
      { id: 3, error: expect.objectContaining({ code: 'invalid-input' }) },
    ]);
    // Still open, still served.
    send('{"id":4,"method":"appInfo"}');
    expect(JSON.parse(await raw.nextText())).toMatchObject({ id: 4, result: { mode: 'browser' } });
    raw.socket.destroy();
  });

  it('the renderer client refuses a call too large for the host instead of losing its socket', async () => {
    const error = await bystander
      .searchRunbooks({ query: 'é'.repeat(WS_MAX_MESSAGE_BYTES / 2) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'invalid-input' });
    expect((error as Error).message).toMatch(/larger than the host accepts/);
    await bystanderStillServed();
  });
});
