import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BrowserSessions } from './browser-sessions';
import { sessionCookieHeader, sessionCookieValues } from './session-cookie';
import {
  LANDING_PAGE,
  NO_SESSION_PAGE,
  SESSION_PATH,
  SESSION_SCRIPT,
  SESSION_SCRIPT_PATH,
} from './session-pages';
import { SECURITY_HEADERS } from './static-files';

/** A link token is 43 base64url characters; anything much longer is not one, and is not read further. */
const MAX_TOKEN_BODY_BYTES = 256;

export interface SessionGate {
  /** True when the request carries a session of this host (cookie). */
  hasSession(req: IncomingMessage): boolean;
  /** Serves /session (GET: landing page; POST: the exchange) and /session.js; false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  /** The app's page without a session: says how to get one. */
  refuse(res: ServerResponse): void;
}

export interface SessionGateOptions {
  sessions: BrowserSessions;
  port: number;
  origin: string;
  /** A link token was spent: a fresh link exists (the host prints it). */
  onLinkUsed(): void;
}

function sendPage(res: ServerResponse, status: number, type: string, body: string, extra = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    // Neither the pages nor the exchange's answer may be kept by a cache or shown again from one.
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown, extra = {}) =>
  sendPage(res, status, 'application/json; charset=utf-8', JSON.stringify(body), extra);

function readSmallBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

export function sessionGate(options: SessionGateOptions): SessionGate {
  const { sessions, port, origin } = options;
  const hasSession = (req: IncomingMessage) =>
    sessions.isSession(sessionCookieValues(req.headers.cookie, port));

  async function exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only our own landing page trades tokens: a page of another origin cannot even try one it found.
    if (req.headers.origin !== origin) return sendJson(res, 403, { ok: false, reason: 'origin' });
    const token = (await readSmallBody(req, MAX_TOKEN_BODY_BYTES))?.trim();
    if (!token) return sendJson(res, 400, { ok: false, reason: 'unknown' });
    const result = sessions.exchange(token, hasSession(req));
    if (!result.ok) return sendJson(res, 403, result);
    if (!result.secret) return sendJson(res, 200, { ok: true });
    options.onLinkUsed();
    sendJson(res, 200, { ok: true }, { 'Set-Cookie': sessionCookieHeader(port, result.secret) });
  }

  return {
    hasSession,
    refuse: (res) => sendPage(res, 403, 'text/html; charset=utf-8', NO_SESSION_PAGE),
    handle(req, res, pathname) {
      if (pathname === SESSION_SCRIPT_PATH && req.method === 'GET') {
        sendPage(res, 200, 'text/javascript; charset=utf-8', SESSION_SCRIPT);
        return true;
      }
      if (pathname !== SESSION_PATH) return false;
      if (req.method === 'GET') sendPage(res, 200, 'text/html; charset=utf-8', LANDING_PAGE);
      else if (req.method === 'POST') void exchange(req, res);
      else sendPage(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', { Allow: 'GET, POST' });
      return true;
    },
  };
}
