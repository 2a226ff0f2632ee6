import { describe, expect, it } from 'vitest';
import {
  relayWebSocket,
  type RelayEvent,
  type RelayPort,
  type RelaySocket,
  type RelaySocketConstructor,
} from './socket-relay';

/** A socket that records what it was asked, and lets the test fire its events. */
class FakeSocket implements RelaySocket {
  static made: FakeSocket[] = [];
  binaryType = 'blob';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  sent: string[] = [];
  closed = false;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.made.push(this);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
  }
}

function harness() {
  FakeSocket.made = [];
  const posted: { message: RelayEvent; transfer?: ArrayBuffer[] }[] = [];
  const port: RelayPort = {
    postMessage: (message, transfer) => void posted.push({ message, transfer }),
    onmessage: null,
  };
  relayWebSocket(port, FakeSocket as unknown as RelaySocketConstructor);
  const command = (data: unknown) => port.onmessage!({ data } as MessageEvent);
  return { posted, command };
}

describe('relayWebSocket (the worker side of the api socket)', () => {
  it('opens one socket with binary messages as ArrayBuffers, and sends what the page sends', () => {
    const h = harness();
    h.command({ type: 'send', data: 'too early' });
    h.command({ type: 'open', url: 'ws://127.0.0.1:1/api', protocols: ['runbook.v1', 'token.t'] });
    h.command({ type: 'open', url: 'ws://elsewhere/', protocols: [] });
    expect(FakeSocket.made).toHaveLength(1);
    const socket = FakeSocket.made[0]!;
    expect(socket.url).toBe('ws://127.0.0.1:1/api');
    expect(socket.protocols).toEqual(['runbook.v1', 'token.t']);
    expect(socket.binaryType).toBe('arraybuffer');
    h.command({ type: 'send', data: '{"id":1}' });
    h.command({ type: 'send', data: 42 });
    h.command({ type: 'unknown' });
    h.command(null);
    expect(socket.sent).toEqual(['{"id":1}']);
    h.command({ type: 'close' });
    expect(socket.closed).toBe(true);
  });

  it('posts the socket’s events back, transferring binary messages instead of copying them', () => {
    const h = harness();
    h.command({ type: 'open', url: 'ws://127.0.0.1:1/api', protocols: [] });
    const socket = FakeSocket.made[0]!;
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    socket.onopen!({});
    socket.onmessage!({ data: '{"event":"onRunState"}' });
    socket.onmessage!({ data: bytes });
    socket.onerror!({});
    socket.onclose!({ code: 1006, reason: '' });
    expect(h.posted).toEqual([
      { message: { type: 'open' }, transfer: undefined },
      { message: { type: 'message', data: '{"event":"onRunState"}' }, transfer: undefined },
      { message: { type: 'message', data: bytes }, transfer: [bytes] },
      { message: { type: 'error' }, transfer: undefined },
      { message: { type: 'close', code: 1006, reason: '' }, transfer: undefined },
    ]);
  });
});
