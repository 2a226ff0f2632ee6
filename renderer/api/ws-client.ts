/**
 * The RunbookApi over the browser-mode WebSocket (electron/web). Generated from the contract's name lists,
 * like the Electron preload bridge, so both transports expose exactly the same object.
 *
 * Protocol (JSON text frames, but for terminal output):
 *   client → server  { id, method, input }
 *   server → client  { id, result } | { id, error: { code, message } } | { event, payload }
 *                    | a binary frame: one onTerminalData push (electron/core/contract/terminal-frame.ts)
 * The socket offers the subprotocol "runbook.v1"; who may open it is the session cookie's business (the host's
 * one-time link sets it, electron/web/browser-sessions.ts), so no secret is ever in reach of this script.
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
import { WS_MAX_MESSAGE_BYTES } from '../../electron/core/contract/limits';
import { decodeTerminalFrame } from '../../electron/core/contract/terminal-frame';

export const WS_PROTOCOL = 'runbook.v1';

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
      const ws = options.openSocket(options.url, [WS_PROTOCOL]);
      ws.onopen = () => {
        socket = ws;
        opening = undefined;
        opened();
        resolve(ws);
      };
      ws.onmessage = (event) => onMessage(event.data);
      ws.onerror = () => {
        // Followed by onclose; the browser hides the reason (a refused session looks like a network error).
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
    const id = nextId++;
    const frame = JSON.stringify({ id, method, input });
    // The host closes a socket that sends more (core/contract/limits.ts): refuse this one call instead.
    if (utf8Length(frame) > WS_MAX_MESSAGE_BYTES) {
      throw new ApiError('invalid-input', `${method}: the request is larger than the host accepts (1 MiB).`);
    }
    const ws = await connect();
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(frame);
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

/** Bytes of `text` in UTF-8, counted only when it could be near the limit (3 bytes a UTF-16 unit at most). */
function utf8Length(text: string): number {
  return text.length * 3 <= WS_MAX_MESSAGE_BYTES ? text.length : new TextEncoder().encode(text).length;
}
