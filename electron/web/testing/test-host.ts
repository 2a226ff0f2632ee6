/**
 * A real web host on a temp world (in-process backend, memory secrets) for the unit tests of electron/web,
 * with what a test needs to act as the landing page (exchange) or as a page holding a session (cookie).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createBackend } from '../../core/backend/backend';
import { tempWorld, type TempWorld } from '../../core/backend/testing/fixtures';
import { MemorySecretStore } from '../../core/vault/memory-store';
import { startWebHost, type WebHost } from '../host';

export interface TestHost {
  host: WebHost;
  world: TempWorld;
  /** The fresh links the host announced (onLinkUsed), in order. */
  freshLinks: string[];
  /** What onConnectionError heard. */
  connectionErrors: Error[];
  close(): Promise<void>;
}

export async function startTestHost(): Promise<TestHost> {
  const world = tempWorld();
  const staticDir = path.join(world.root, 'static');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>the app</title>');
  const backend = createBackend({
    dataDir: world.dataDir,
    runbooksDir: world.runbooksDir,
    secrets: new MemorySecretStore(),
    mode: 'browser',
    version: '0.0.0-test',
  });
  const freshLinks: string[] = [];
  const connectionErrors: Error[] = [];
  const host = await startWebHost({
    api: backend,
    staticDir,
    onLinkUsed: (url) => freshLinks.push(url),
    onConnectionError: (error) => connectionErrors.push(error),
  });
  return {
    host,
    world,
    freshLinks,
    connectionErrors,
    async close() {
      await host.close();
      world.cleanup();
    },
  };
}

export interface ExchangeReply {
  status: number;
  body: unknown;
  /** "name=secret" of the Set-Cookie, if any. */
  cookie: string | undefined;
  setCookie: string | null;
  headers: Headers;
}

/** POST /session as the landing page's script does. */
export async function exchange(
  host: WebHost,
  token: string,
  headers: Record<string, string> = {},
): Promise<ExchangeReply> {
  const res = await fetch(`${host.origin}/session`, {
    method: 'POST',
    headers: { Origin: host.origin, 'Content-Type': 'text/plain', ...headers },
    body: token,
  });
  const setCookie = res.headers.get('set-cookie');
  return {
    status: res.status,
    body: await res.json(),
    cookie: setCookie?.split(';')[0],
    setCookie,
    headers: res.headers,
  };
}

/** A GET with exactly these headers (fetch would not let a test set Host). */
export function rawGet(
  host: WebHost,
  rawPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: rawPath, method: 'GET', headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
