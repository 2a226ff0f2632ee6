/**
 * The two halves of the browser-mode api socket when it lives in a dedicated worker (worker-socket.ts
 * says why): what the page asks the worker, and what the worker answers. The worker side is a plain
 * function over a message port and a WebSocket constructor, so that it is tested in Node with the `ws`
 * package and a MessageChannel, and runs unchanged in the worker (socket-worker.ts).
 */

/** Page → worker. The first message opens the socket; a worker carries one socket and ends with it. */
export type RelayCommand =
  { type: 'open'; url: string; protocols: string[] } | { type: 'send'; data: string } | { type: 'close' };

/** Worker → page: the socket's own events. Binary messages cross as transferred ArrayBuffers (no copy). */
export type RelayEvent =
  | { type: 'open' }
  | { type: 'message'; data: string | ArrayBuffer }
  | { type: 'error' }
  | { type: 'close'; code: number; reason: string };

/** The end of a message channel the relay talks through: the worker's global scope, or a MessagePort. */
export interface RelayPort {
  postMessage(message: RelayEvent, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/** What the relay needs of a WebSocket (the browser's, or the `ws` package's in tests). */
export interface RelaySocket {
  binaryType: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  send(data: string): void;
  close(): void;
}

export type RelaySocketConstructor = new (url: string, protocols: string[]) => RelaySocket;

/**
 * Serves one socket over `port`: opens it on the page's 'open', sends what the page sends, and posts
 * back every event. Commands before 'open', a second 'open' and unknown commands are ignored: only our
 * own page talks to this worker, and a confused page must not get two sockets.
 */
export function relayWebSocket(port: RelayPort, Socket: RelaySocketConstructor): void {
  let socket: RelaySocket | undefined;
  port.onmessage = (event: MessageEvent) => {
    const command = event.data as RelayCommand;
    if (command?.type === 'open' && !socket) {
      socket = open(port, Socket, command.url, command.protocols);
    } else if (command?.type === 'send' && typeof command.data === 'string') {
      socket?.send(command.data);
    } else if (command?.type === 'close') {
      socket?.close();
    }
  };
}

function open(
  port: RelayPort,
  Socket: RelaySocketConstructor,
  url: string,
  protocols: string[],
): RelaySocket {
  const socket = new Socket(url, protocols);
  socket.binaryType = 'arraybuffer'; // terminal output: its bytes go to xterm.js as they are
  socket.onopen = () => port.postMessage({ type: 'open' });
  socket.onerror = () => port.postMessage({ type: 'error' });
  socket.onclose = (event) => port.postMessage({ type: 'close', code: event.code, reason: event.reason });
  socket.onmessage = ({ data }) => {
    if (data instanceof ArrayBuffer) port.postMessage({ type: 'message', data }, [data]);
    else port.postMessage({ type: 'message', data: String(data) });
  };
  return socket;
}
