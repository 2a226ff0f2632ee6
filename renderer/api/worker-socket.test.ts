import { describe, expect, it } from 'vitest';
import type { RelayCommand, RelayEvent } from './socket-relay';
import { WorkerSocket, type WorkerLike } from './worker-socket';

/** A worker that records the page's commands, lets the test answer, and tells whether it was ended. */
function fakeWorker() {
  const commands: RelayCommand[] = [];
  const worker: WorkerLike & { terminated: boolean } = {
    postMessage: (message) => void commands.push(message),
    onmessage: null,
    onerror: null,
    terminate() {
      this.terminated = true;
    },
    terminated: false,
  };
  const answer = (event: RelayEvent) => worker.onmessage!({ data: event } as MessageEvent);
  return { worker, commands, answer };
}

function observed(socket: WorkerSocket) {
  const seen: string[] = [];
  socket.onopen = () => seen.push('open');
  socket.onmessage = ({ data }) =>
    seen.push(`message ${data instanceof ArrayBuffer ? `${data.byteLength} bytes` : String(data)}`);
  socket.onerror = () => seen.push('error');
  socket.onclose = () => seen.push('close');
  return seen;
}

describe('WorkerSocket (the page side of the api socket held by a worker)', () => {
  it('asks the worker to open the socket, then mirrors its state and events', () => {
    const { worker, commands, answer } = fakeWorker();
    const socket = new WorkerSocket(worker, 'ws://127.0.0.1:1/api', ['runbook.v1', 'token.t']);
    const seen = observed(socket);
    expect(commands).toEqual([
      { type: 'open', url: 'ws://127.0.0.1:1/api', protocols: ['runbook.v1', 'token.t'] },
    ]);
    expect(socket.readyState).toBe(0);
    expect(() => socket.send('early')).toThrow(/not open yet/);
    answer({ type: 'open' });
    expect(socket.readyState).toBe(1);
    socket.send('{"id":1}');
    answer({ type: 'message', data: '{"id":1,"result":null}' });
    answer({ type: 'message', data: new Uint8Array(5).buffer });
    expect(seen).toEqual(['open', 'message {"id":1,"result":null}', 'message 5 bytes']);
    expect(commands.at(-1)).toEqual({ type: 'send', data: '{"id":1}' });
  });

  it('closes through the worker, and ends the worker once the socket is closed', () => {
    const { worker, commands, answer } = fakeWorker();
    const socket = new WorkerSocket(worker, 'ws://127.0.0.1:1/api', []);
    const seen = observed(socket);
    answer({ type: 'open' });
    socket.close();
    socket.close();
    expect(commands.filter((c) => c.type === 'close')).toHaveLength(1);
    expect(socket.readyState).toBe(2);
    socket.send('dropped, as WebSocket.send drops it once closing');
    expect(commands.some((c) => c.type === 'send')).toBe(false);
    expect(worker.terminated).toBe(false);
    answer({ type: 'close', code: 1000, reason: '' });
    expect(socket.readyState).toBe(3);
    expect(worker.terminated).toBe(true);
    answer({ type: 'message', data: 'late' });
    expect(seen).toEqual(['open', 'close']);
  });

  it('reports a worker that failed (its script did not load) as a closed socket, and says so', () => {
    const { worker } = fakeWorker();
    let failures = 0;
    const socket = new WorkerSocket(worker, 'ws://127.0.0.1:1/api', [], () => failures++);
    const seen = observed(socket);
    worker.onerror!(new Event('error'));
    expect(seen).toEqual(['error', 'close']);
    expect(socket.readyState).toBe(3);
    expect(worker.terminated).toBe(true);
    expect(failures).toBe(1);
  });
});
