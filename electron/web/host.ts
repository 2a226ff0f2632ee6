import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RunbookApi } from '../core/contract/api';
import { sendText, serveStatic } from './static-files';
import { serveApiConnection, TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from './ws-api';

export interface WebHostOptions {
  api: RunbookApi;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 (default): a free port chosen by the OS. */
  port?: number;
  /** For tests; a fresh random token otherwise. */
  token?: string;
}

export interface WebHost {
  port: number;
  origin: string;
  token: string;
  /** What to open: the token rides in the fragment, which browsers never send to the server. */
  url: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 404, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The browser-mode host: the built renderer and the RunbookApi over a WebSocket at /api, on 127.0.0.1 only.
 *
 * Who may use the api: whoever holds the session token AND runs a page from exactly our origin.
 * - The token (32 random bytes) is printed once, in the URL fragment. The page keeps it in sessionStorage,
 *   so reloads of that tab work; it stays valid for the life of this process (a new process, a new token).
 * - The Origin header must be exactly http://127.0.0.1:PORT: another site open in the same browser cannot
 *   connect even if it guessed the port, and a DNS-rebinding page has a different origin.
 * - Plain HTTP requests must carry Host 127.0.0.1:PORT (DNS rebinding again); static files hold no secret.
 * Refusals on upgrade are HTTP 403 before any WebSocket exists.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  let origin = '';
  let host = '';

  const server = http.createServer((req, res) => {
    if (req.headers.host !== host) return sendText(res, 403, 'Forbidden: wrong Host header');
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
    const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const given = protocols
      .find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))
      ?.slice(TOKEN_PROTOCOL_PREFIX.length);
    if (given === undefined || !sameSecret(given, token)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!protocols.includes(WS_PROTOCOL)) return refuseUpgrade(socket, 400, 'Bad Request');
    wss.handleUpgrade(req, socket, head, (ws) => serveApiConnection(options.api, ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;

  return {
    port,
    origin,
    token,
    url: `${origin}/#token=${token}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
