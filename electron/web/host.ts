import fs from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RunbookApi } from '../core/contract/api';
import { WS_MAX_MESSAGE_BYTES } from '../core/contract/limits';
import { BrowserSessions } from './browser-sessions';
import { SESSION_PATH } from './session-pages';
import { sessionGate } from './session-routes';
import { sendText, serveStatic } from './static-files';
import { serveApiConnection, WS_PROTOCOL } from './ws-api';

export interface WebHostOptions {
  api: RunbookApi;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 (default): a free port chosen by the OS. */
  port?: number;
  /** For tests: the first link's token; a fresh random one otherwise. */
  token?: string;
  /** The link was used: `url` is a fresh one, to print for the next browser. */
  onLinkUsed?(url: string): void;
  /** An api connection was closed for what it sent (an oversized or malformed frame). */
  onConnectionError?(error: Error): void;
}

export interface WebHost {
  port: number;
  origin: string;
  /** The token of the current, unused link (it changes each time a link is used). */
  readonly token: string;
  /** What to open: the current one-time link. The token rides in the fragment, never sent to the server. */
  readonly url: string;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 404, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The browser-mode host: the built renderer and the RunbookApi over a WebSocket at /api, on 127.0.0.1 only.
 *
 * Who may use the api: a browser holding a session of this process, in a page of exactly our origin.
 * - The printed link (/session#token=…) is one-time: its landing page trades the token for a session cookie
 *   (browser-sessions.ts, session-cookie.ts) and a fresh link is printed for the next browser. Reloads keep
 *   working (the cookie stays); a copy of the link found later in a history opens nothing.
 * - The Origin header must be exactly http://127.0.0.1:PORT: another site open in the same browser cannot
 *   connect even if it guessed the port, and a DNS-rebinding page has a different origin.
 * - Every HTTP request must carry Host 127.0.0.1:PORT (DNS rebinding again). The app's page needs a session;
 *   its static assets hold no secret.
 * Refusals on upgrade are HTTP 403 before any WebSocket exists. Once open, a socket that sends a frame over
 * WS_MAX_MESSAGE_BYTES or a malformed one is closed on its own (1009, 1002, 1007); the host and the other
 * sockets carry on (ws-api.ts).
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const sessions = new BrowserSessions(options.token);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: WS_MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const reportError = (error: Error) => options.onConnectionError?.(error);
  // In noServer mode these are not expected; a listener keeps one from ever being an unhandled 'error'.
  wss.on('error', reportError);
  wss.on('wsClientError', (error, socket) => {
    reportError(error);
    socket.destroy();
  });

  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;
  const linkUrl = () => `${origin}${SESSION_PATH}#token=${sessions.token}`;
  const gate = sessionGate({
    sessions,
    port,
    origin,
    onLinkUsed: () => options.onLinkUsed?.(linkUrl()),
  });

  server.on('request', (req, res) => {
    if (req.headers.host !== host) return sendText(res, 403, 'Forbidden: wrong Host header');
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (gate.handle(req, res, pathname)) return;
    if ((pathname === '/' || pathname === '/index.html') && !gate.hasSession(req)) return gate.refuse(res);
    if (!fs.existsSync(options.staticDir)) {
      return sendText(
        res,
        503,
        `The renderer is not built: run "npm run build:renderer" (${options.staticDir} is missing).`,
      );
    }
    serveStatic(options.staticDir, req, res);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (pathname !== '/api') return refuseUpgrade(socket, 404, 'Not Found');
    if (req.headers.origin !== origin || req.headers.host !== host)
      return refuseUpgrade(socket, 403, 'Forbidden');
    if (!gate.hasSession(req)) return refuseUpgrade(socket, 403, 'Forbidden');
    const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!protocols.includes(WS_PROTOCOL)) return refuseUpgrade(socket, 400, 'Bad Request');
    wss.handleUpgrade(req, socket, head, (ws) => serveApiConnection(options.api, ws, reportError));
  });

  return {
    port,
    origin,
    get token() {
      return sessions.token;
    },
    get url() {
      return linkUrl();
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
