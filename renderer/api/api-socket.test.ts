import { afterEach, describe, expect, it, vi } from 'vitest';

/** Stand-ins for the browser's Worker and WebSocket: they record how they were made. */
class FakeWorker {
  static made: FakeWorker[] = [];
  static refuse = false;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  posted: unknown[] = [];
  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    if (FakeWorker.refuse) throw new Error('SecurityError: workers are not allowed here');
    FakeWorker.made.push(this);
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {}
}

class FakeWebSocket {
  static made: FakeWebSocket[] = [];
  binaryType = 'blob';
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeWebSocket.made.push(this);
  }
}

/** A fresh copy of the module: it remembers a failed worker for the rest of the page's life. */
async function freshModule() {
  vi.resetModules();
  FakeWorker.made = [];
  FakeWorker.refuse = false;
  FakeWebSocket.made = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('WebSocket', FakeWebSocket);
  return import('./api-socket');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('openApiSocket', () => {
  it('opens the socket in a module worker of our own', async () => {
    const { openApiSocket } = await freshModule();
    openApiSocket('ws://127.0.0.1:1/api', ['runbook.v1', 'token.t']);
    expect(FakeWebSocket.made).toHaveLength(0);
    expect(FakeWorker.made).toHaveLength(1);
    const worker = FakeWorker.made[0]!;
    expect(worker.url.pathname).toMatch(/\/socket-worker\.ts$/);
    expect(worker.options.type).toBe('module');
    expect(worker.posted).toEqual([
      { type: 'open', url: 'ws://127.0.0.1:1/api', protocols: ['runbook.v1', 'token.t'] },
    ]);
  });

  it('falls back to a socket of the page’s own when a worker cannot be started, and stays with it', async () => {
    const { openApiSocket } = await freshModule();
    FakeWorker.refuse = true;
    openApiSocket('ws://127.0.0.1:1/api', ['runbook.v1']);
    FakeWorker.refuse = false;
    openApiSocket('ws://127.0.0.1:1/api', ['runbook.v1']);
    expect(FakeWorker.made).toHaveLength(0);
    expect(FakeWebSocket.made.map((s) => [s.url, s.binaryType])).toEqual([
      ['ws://127.0.0.1:1/api', 'arraybuffer'],
      ['ws://127.0.0.1:1/api', 'arraybuffer'],
    ]);
  });

  it('opens later sockets directly once a worker failed after starting (its script did not load)', async () => {
    const { openApiSocket } = await freshModule();
    const first = openApiSocket('ws://127.0.0.1:1/api', []);
    const closed = vi.fn();
    first.onclose = closed;
    FakeWorker.made[0]!.onerror!(new Error('failed to load'));
    expect(closed).toHaveBeenCalledOnce();
    openApiSocket('ws://127.0.0.1:1/api', []);
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWebSocket.made).toHaveLength(1);
  });
});
