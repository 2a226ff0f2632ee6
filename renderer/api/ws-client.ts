/**
 * The RunbookApi over the browser-mode WebSocket (electron/web). Generated from the contract's name lists,
 * like the Electron preload bridge, so both transports expose exactly the same object.
 *
 * Protocol (JSON text frames, but for terminal output):
 *   client → server  { id, method, input }
 *   server → client  { id, result } | { id, error: { code, message } } | { event, payload }
 *                    | a binary frame: one onTerminalData push (electron/core/contract/terminal-frame.ts)
 * The session token goes in the WebSocket subprotocol list ("runbook.v1", "token.<token>"), never in a URL.
 */
import {
  ApiError,
  EVENT_NAMES,
  METHOD_NAMES,
  type ApiErrorCode,
  type EventName,
  type MethodName,
} from '../../electron/core/contract/names';
import type { EventPayloads, RunbookApi } from '../../electron/core/contract/api';
import { decodeTerminalFrame } from '../../electron/core/contract/terminal-frame';

export const WS_PROTOCOL = 'runbook.v1';
export const TOKEN_PROTOCOL_PREFIX = 'token.';

/**
 * What the client needs of its socket: a WebSocket's readyState, handlers, send and close. In the page it
 * lives in a worker (worker-socket.ts); tests outside a browser give the `ws` package's WebSocket.
 */
export interface ApiSocket {
  readonly readyState: number;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: (() => void) | null;
  onclose: (() => void) | null;
  send(data: string): void;
  close(): void;
}

/** Opens a socket to `url` offering `protocols`; binary messages must arrive as ArrayBuffers. */
export type OpenApiSocket = (url: string, protocols: string[]) => ApiSocket;

/** WebSocket.OPEN */
const OPEN = 1;

export interface WsClientOptions {
  /** ws://127.0.0.1:PORT/api */
  url: string;
  token: string;
  openSocket: OpenApiSocket;
  /** Waits between attempts to reopen a lost socket, in ms; the last one repeats. */
  retryDelaysMs?: readonly number[];
}

/**
 * Whether the page can reach its host. 'lost': the socket closed (the host stopped, the laptop slept) and
 * `retryAt` (Date.now() time) is when the next attempt is made; 'connecting' while one is under way.
 * `reconnected` counts the times it came back after a loss: what the page shows may be stale then.
 */
export type ConnectionStatus =
  | { state: 'connected'; reconnected: number }
  | { state: 'connecting'; reconnected: number }
  | { state: 'lost'; retryAt: number; reconnected: number };

export interface WsClient extends RunbookApi {
  /** Opens the socket now, ahead of the first call (errors surface on that call). */
  preconnect(): void;
  /** Closes the socket; pending calls fail with ApiError('disconnected'). */
  close(): void;
  /** Told at once when the socket closes or comes back; returns the unsubscribe. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  status(): ConnectionStatus;
  /** Tries to reopen a lost socket now instead of at its next retry. */
  reconnectNow(): void;
}

/** 1 s, 2 s, 4 s, 8 s, then every 15 s: quick after a restart, quiet when the host is gone for good. */
export const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000] as const;

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Incoming =
  | { id: number; result?: unknown; error?: { code: ApiErrorCode; message: string } }
  | { event: EventName; payload: unknown };

export function createWsClient(options: WsClientOptions): WsClient {
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: ApiSocket | undefined;
  let opening: Promise<ApiSocket> | undefined;
  let closedByUser = false;
  let status: ConnectionStatus = { state: 'connecting', reconnected: 0 };
  let everOpened = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;

  function setStatus(next: ConnectionStatus): void {
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  /** The socket opened: back to normal, and a loss before it counts as one more reconnection. */
  function opened(): void {
    const wasLost = status.state !== 'connected' && everOpened;
    everOpened = true;
    failures = 0;
    setStatus({ state: 'connected', reconnected: status.reconnected + (wasLost ? 1 : 0) });
  }

  /** The socket closed (or could not open): say so at once, and try again after a growing wait. */
  function lost(): void {
    if (closedByUser) return;
    const wait = delays[Math.min(failures, delays.length - 1)] ?? 1000;
    failures++;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(retry, wait);
    setStatus({ state: 'lost', retryAt: Date.now() + wait, reconnected: status.reconnected });
  }

  function retry(): void {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (closedByUser || status.state === 'connected') return;
    setStatus({ state: 'connecting', reconnected: status.reconnected });
    connect().catch(() => undefined); // a failure comes back through onclose, hence lost()
  }

  function failAll(error: ApiError): void {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  }

  function emit(event: EventName, payload: unknown): void {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  }

  function onMessage(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      const push = decodeTerminalFrame(new Uint8Array(data));
      if (push) emit('onTerminalData', push);
      return;
    }
    const text = String(data);
    let message: Incoming;
    try {
      message = JSON.parse(text) as Incoming;
    } catch {
      return; // a server that speaks something else; nothing sensible to do with it
    }
    if ('event' in message) return emit(message.event, message.payload);
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.error) call.reject(new ApiError(message.error.code, message.error.message));
    else call.resolve(message.result);
  }

  /** Opens the socket on first use and again after it dropped (server restarted, laptop slept). */
  function connect(): Promise<ApiSocket> {
    if (socket && socket.readyState === OPEN) return Promise.resolve(socket);
    if (opening) return opening;
    opening = new Promise<ApiSocket>((resolve, reject) => {
      const ws = options.openSocket(options.url, [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + options.token]);
      ws.onopen = () => {
        socket = ws;
        opening = undefined;
        opened();
        resolve(ws);
      };
      ws.onmessage = (event) => onMessage(event.data);
      ws.onerror = () => {
        // Followed by onclose; the browser hides the reason (a refused token looks like a network error).
      };
      ws.onclose = () => {
        if (socket === ws) socket = undefined;
        if (opening) {
          opening = undefined;
          reject(
            new ApiError(
              'disconnected',
              'Cannot reach the runbook server. Is `npm run web` still running, and was the page opened with its link?',
            ),
          );
        }
        failAll(new ApiError('disconnected', 'The connection to the runbook server was closed.'));
        lost();
      };
    });
    return opening;
  }

  async function call(method: MethodName, input: unknown): Promise<unknown> {
    if (closedByUser) throw new ApiError('disconnected', 'The api client was closed.');
    const ws = await connect();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, input }));
    });
  }

  function subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    // Events only flow on an open socket: subscribing opens it (errors surface on the next call).
    connect().catch(() => undefined);
    return () => {
      set.delete(listener);
    };
  }

  const client: Record<string, unknown> = {
    preconnect() {
      if (!closedByUser) connect().catch(() => undefined);
    },
    close() {
      closedByUser = true;
      clearTimeout(retryTimer);
      socket?.close();
      failAll(new ApiError('disconnected', 'The api client was closed.'));
    },
    onStatus(listener: (status: ConnectionStatus) => void) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    status: () => status,
    reconnectNow() {
      if (status.state === 'lost') retry();
    },
  };
  for (const method of METHOD_NAMES) client[method] = (input?: unknown) => call(method, input);
  for (const event of EVENT_NAMES) {
    client[event] = (listener: (payload: EventPayloads[typeof event]) => void) =>
      subscribe(event, listener as (payload: unknown) => void);
  }
  return client as unknown as WsClient;
}

/**
 * Reads the session token the host printed (http://127.0.0.1:PORT/#token=…). The fragment never reaches
 * the server's logs; we move the token to sessionStorage and clear it from the address bar, so a reload of
 * this tab still works but the link is not left in history or bookmarks.
 */
export function takeTokenFromLocation(
  location: { hash: string; pathname: string; search: string },
  history: { replaceState(data: unknown, unused: string, url?: string): void },
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void },
): string | undefined {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem('runbook.token', match[1]);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1];
  }
  return storage.getItem('runbook.token') ?? undefined;
}
