/**
 * The browser-mode api socket, opened in a dedicated worker (socket-worker.ts) instead of on the page's
 * main thread; the page talks to it by messages (socket-relay.ts), through an object shaped like the
 * WebSocket the client would otherwise hold.
 *
 * Why: Chromium reads a WebSocket's incoming messages on the thread that owns the socket, through a data
 * pipe of limited size. Owned by the main thread, nothing is read while xterm.js parses a chunk of a flood
 * (up to 2 MiB, about 100 ms): the pipe fills, the browser stops reading the TCP connection, and the output
 * the backend's flow-control window lets through waits in transit instead of in the page. Each parse was
 * then followed by a trickle of small reads, and the terminal sat idle between them (figure 1 of the bench,
 * docs/bench.md: +25 % on its own). The worker's thread has nothing else to do, so it keeps reading;
 * what it receives is queued on the main thread as messages (binary ones transferred, not copied), ready
 * when the parse ends.
 *
 * Where workers cannot run (an old engine, a policy that forbids them), the page falls back to a socket of
 * its own: slower under a flood, otherwise the same.
 */
import type { RelayCommand, RelayEvent } from './socket-relay';
import type { ApiSocket } from './ws-client';

/** What this module needs of a Worker (the browser's; a MessagePort pair in tests). */
export interface WorkerLike {
  postMessage(message: RelayCommand): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: unknown) => void) | null;
  terminate(): void;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

export class WorkerSocket implements ApiSocket {
  readyState = CONNECTING;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: (() => void) | null = null;
  onclose: (() => void) | null = null;

  /** `onWorkerFailure` is told when the worker itself failed (its script did not load or threw). */
  constructor(
    private readonly worker: WorkerLike,
    url: string,
    protocols: string[],
    private readonly onWorkerFailure: () => void = () => undefined,
  ) {
    worker.onmessage = (event) => this.receive(event.data as RelayEvent);
    worker.onerror = () => {
      this.onWorkerFailure();
      if (this.readyState === CLOSED) return;
      this.onerror?.();
      this.finish();
    };
    worker.postMessage({ type: 'open', url, protocols });
  }

  /** Like WebSocket.send: an error before the socket opened, nothing once it is closing or closed. */
  send(data: string): void {
    if (this.readyState === CONNECTING) throw new Error('the api socket is not open yet');
    if (this.readyState === OPEN) this.worker.postMessage({ type: 'send', data });
  }

  close(): void {
    if (this.readyState === CLOSING || this.readyState === CLOSED) return;
    this.readyState = CLOSING;
    this.worker.postMessage({ type: 'close' });
  }

  private receive(event: RelayEvent): void {
    if (this.readyState === CLOSED) return;
    switch (event.type) {
      case 'open':
        this.readyState = OPEN;
        this.onopen?.();
        return;
      case 'message':
        this.onmessage?.({ data: event.data });
        return;
      case 'error':
        this.onerror?.();
        return;
      case 'close':
        this.finish();
        return;
    }
  }

  /** The socket is gone: so is its worker (one worker per socket). */
  private finish(): void {
    this.readyState = CLOSED;
    this.worker.terminate();
    this.onclose?.();
  }
}
