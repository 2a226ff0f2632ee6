import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBackend, type Backend } from '../core/backend/backend';
import { tempWorld, type TempWorld } from '../core/backend/testing/fixtures';
import { ApiError } from '../core/contract/names';
import type { TerminalDataPush } from '../core/contract/types';
import type { RunEvent } from '../core/run/events';
import { CONTENT_SECURITY_POLICY } from '../core/csp';
import { MemorySecretStore } from '../core/vault/memory-store';
import { relayWebSocket, type RelayPort, type RelaySocketConstructor } from '../../renderer/api/socket-relay';
import { WorkerSocket, type WorkerLike } from '../../renderer/api/worker-socket';
import {
  createWsClient,
  type ApiSocket,
  type OpenApiSocket,
  type WsClient,
} from '../../renderer/api/ws-client';
import { startWebHost, type WebHost } from './host';
import { rawGet } from './testing/test-host';

let world: TempWorld;
let backend: Backend;
let host: WebHost;
let staticDir: string;
/** A session of this host, as the landing page gets it: "name=secret" for a Cookie header. */
let cookie: string;
const freshLinks: string[] = [];
const connectionErrors: Error[] = [];

beforeAll(async () => {
  world = tempWorld();
  staticDir = path.join(world.root, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(world.root, 'secret.txt'), 'TOP-SECRET');
  backend = createBackend({
    dataDir: world.dataDir,
    runbooksDir: world.runbooksDir,
    secrets: new MemorySecretStore(),
    mode: 'browser',
    version: '0.0.0-test',
  });
  host = await startWebHost({
    api: backend,
    staticDir,
    onLinkUsed: (url) => freshLinks.push(url),
    onConnectionError: (error) => connectionErrors.push(error),
  });
  cookie = await openSession(host.token);
});

afterAll(async () => {
  await host.close();
  world.cleanup();
});

/** POST /session as the landing page does; resolves the status, the JSON answer and any Set-Cookie. */
async function exchange(
  token: string,
  headers: Record<string, string> = {},
  origin = host.origin,
): Promise<{ status: number; body: unknown; setCookie: string | null; headers: Headers }> {
  const res = await fetch(`${origin}/session`, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'text/plain', ...headers },
    body: token,
  });
  return {
    status: res.status,
    body: await res.json(),
    setCookie: res.headers.get('set-cookie'),
    headers: res.headers,
  };
}

/** Trades a link token for a session; returns "name=secret" for a Cookie header. */
async function openSession(token: string, origin = host.origin): Promise<string> {
  const { status, setCookie } = await exchange(token, {}, origin);
  if (status !== 200 || !setCookie) throw new Error(`the exchange failed (${status})`);
  return setCookie.split(';')[0]!;
}

/** Tries a WebSocket upgrade; resolves 'open' or the HTTP status of the refusal. */
function tryConnect(
  protocols: string[],
  origin: string | undefined,
  /** null: no cookie at all. */
  withCookie: string | null = cookie,
): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, protocols, {
      ...(origin ? { origin } : {}),
      headers: withCookie ? { Cookie: withCookie } : {},
    });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

/** Opens the api socket as a page of `origin` holding `withCookie` would, with the `ws` package's WebSocket. */
function pageSocket(origin = host.origin, withCookie = cookie): OpenApiSocket {
  return (url, protocols) => {
    const socket = new WebSocket(url, protocols, {
      origin,
      headers: withCookie ? { Cookie: withCookie } : {},
    });
    socket.binaryType = 'arraybuffer';
    return socket as unknown as ApiSocket;
  };
}

/** The renderer's own client, with the Origin and the cookie a page served by the host would send. */
function pageClient(withCookie = cookie, origin = host.origin): WsClient {
  return createWsClient({
    url: `ws://127.0.0.1:${host.port}/api`,
    openSocket: pageSocket(origin, withCookie),
  });
}

/**
 * The socket as the page opens it in a browser: held by a worker (renderer/api/worker-socket.ts), here a
 * MessageChannel whose far end runs the worker's relay (socket-relay.ts) over a `ws` socket.
 */
function relayedSocket(url: string, protocols: string[], withCookie = cookie): ApiSocket {
  const { port1, port2 } = new MessageChannel();
  class PageWebSocket extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin: host.origin, headers: withCookie ? { Cookie: withCookie } : {} });
    }
  }
  relayWebSocket(port2 as unknown as RelayPort, PageWebSocket as unknown as RelaySocketConstructor);
  port1.on('message', (data: unknown) => worker.onmessage?.({ data } as MessageEvent));
  const worker: WorkerLike = {
    postMessage: (message) => port1.postMessage(message),
    onmessage: null,
    onerror: null,
    terminate: () => (port1.close(), port2.close()),
  };
  return new WorkerSocket(worker, url, protocols);
}

function relayedPageClient(withCookie = cookie): WsClient {
  return createWsClient({
    url: `ws://127.0.0.1:${host.port}/api`,
    openSocket: (url, protocols) => relayedSocket(url, protocols, withCookie),
  });
}

describe('web host: who may open the api socket', () => {
  it('prints a loopback URL whose fragment carries the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/session#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a connection without a session cookie (403)', async () => {
    expect(await tryConnect(['runbook.v1'], host.origin, null)).toBe(403);
  });

  it('refuses a wrong session, and the link token itself in place of one (403)', async () => {
    const [name, secret] = cookie.split('=') as [string, string];
    const wrong = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    expect(await tryConnect(['runbook.v1'], host.origin, `${name}=${wrong}`)).toBe(403);
    expect(await tryConnect(['runbook.v1'], host.origin, `${name}=${host.token}`)).toBe(403);
    // The old way in: the token as a subprotocol opens nothing any more.
    expect(await tryConnect(['runbook.v1', `token.${host.token}`], host.origin, null)).toBe(403);
  });

  it('refuses a session cookie of another port (another host on this machine)', async () => {
    const secret = cookie.split('=')[1]!;
    expect(await tryConnect(['runbook.v1'], host.origin, `runbook-session-${host.port + 1}=${secret}`)).toBe(
      403,
    );
  });

  it('refuses the right session from a foreign or missing Origin (403)', async () => {
    const protocols = ['runbook.v1'];
    expect(await tryConnect(protocols, 'http://evil.example')).toBe(403);
    expect(await tryConnect(protocols, 'http://localhost:' + host.port)).toBe(403);
    expect(await tryConnect(protocols, `http://127.0.0.1:${host.port + 1}`)).toBe(403);
    expect(await tryConnect(protocols, undefined)).toBe(403);
  });

  it('accepts the right session from our origin, and the renderer client then works', async () => {
    expect(await tryConnect(['runbook.v1'], host.origin)).toBe('open');
    const api = pageClient();
    try {
      const runbooks = await api.listRunbooks();
      expect(runbooks.map((r) => r.id)).toEqual(['demo']);
      const info = await api.appInfo();
      expect(info).toMatchObject({ mode: 'browser', version: '0.0.0-test', dataDir: world.dataDir });
      const detail = await api.getRunbook({ id: 'demo' });
      expect(detail.steps.map((s) => s.name)).toContain('supervisor-status');
    } finally {
      api.close();
    }
  });

  it('makes a refused client fail with a clear error instead of hanging', async () => {
    const api = pageClient('runbook-session-1=not-a-session');
    await expect(api.listRunbooks()).rejects.toMatchObject({ code: 'disconnected' });
    api.close();
  });
});

/** A run event to push: its content does not matter to the transport. */
const runEvent: RunEvent = { type: 'step-confirmed', step: 's', by: 'me', seq: 1, ts: '', prev: '' };

describe('web host: the contract over the socket', () => {
  it('rejects invalid input with a message naming the field', async () => {
    const api = pageClient();
    try {
      const error = await api.getRunbook({ id: 42 } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 'invalid-input' });
      expect((error as Error).message).toMatch(/getRunbook: id: /);

      const nested = await api
        .upsertServer({
          server: {
            id: 'app',
            role: 'app',
            label: 'App',
            host: 'h',
            port: 99999,
            user: 'u',
            auth: { method: 'agent' },
          },
        })
        .catch((e: unknown) => e);
      expect((nested as Error).message).toMatch(/server\.port: /);

      const extra = await api.searchRunbooks({ query: 'x', bogus: 1 } as never).catch((e: unknown) => e);
      expect((extra as Error).message).toMatch(/bogus/);
    } finally {
      api.close();
    }
  });

  it('answers a malformed or unknown request with an error, not silence', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, ['runbook.v1'], {
      origin: host.origin,
      headers: { Cookie: cookie },
    });
    const replies: unknown[] = [];
    await new Promise<void>((resolve) => ws.on('open', () => resolve()));
    const got = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        replies.push(JSON.parse(String(data)));
        if (replies.length === 2) resolve();
      }),
    );
    ws.send('not json');
    ws.send(JSON.stringify({ id: 7, method: 'rmRf', input: {} }));
    await got;
    ws.close();
    expect(replies).toContainEqual({
      id: null,
      error: { code: 'invalid-input', message: 'The message is not JSON.' },
    });
    expect(replies).toContainEqual({
      id: 7,
      error: { code: 'unknown-method', message: 'Unknown method "rmRf".' },
    });
  });

  it('preconnect opens the socket ahead of the first call, which then uses it', async () => {
    let opened = 0;
    const api = createWsClient({
      url: `ws://127.0.0.1:${host.port}/api`,
      openSocket: (url, protocols) => {
        opened++;
        return pageSocket()(url, protocols);
      },
    });
    try {
      api.preconnect();
      expect(opened).toBe(1);
      expect((await api.appInfo()).mode).toBe('browser');
      expect(opened).toBe(1);
    } finally {
      api.close();
    }
  });

  it('pushes backend events to subscribed clients, and stops after unsubscribe', async () => {
    const api = pageClient();
    try {
      const seen: string[] = [];
      const off = api.onRunEvent((p) => seen.push(p.runId));
      await api.appInfo(); // the socket is open once a call has gone through
      backend.hub.emit('onRunEvent', { runId: 'r1', event: runEvent });
      await api.appInfo(); // a round trip later the push has arrived (same ordered socket)
      off();
      backend.hub.emit('onRunEvent', { runId: 'r2', event: runEvent });
      await api.appInfo();
      expect(seen).toEqual(['r1']);
    } finally {
      api.close();
    }
  });

  it('pushes terminal output as binary frames: UTF-8 bytes and the text’s length for flow control', async () => {
    const api = pageClient();
    try {
      const seen: TerminalDataPush[] = [];
      api.onTerminalData((p) => seen.push(p));
      await api.appInfo();
      const data = 'héllo 🍕\r\n';
      backend.hub.emit('onTerminalData', { runId: 'r1', role: 'app', data, chars: data.length });
      await api.appInfo();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ runId: 'r1', role: 'app', chars: data.length });
      expect(seen[0]!.data).toBeInstanceOf(Uint8Array);
      expect(new TextDecoder().decode(seen[0]!.data as Uint8Array)).toBe(data);
    } finally {
      api.close();
    }
  });
});

describe('web host: the page’s socket held by a worker', () => {
  it('carries calls, errors, events and binary terminal frames in order, like a socket of its own', async () => {
    const api = relayedPageClient();
    try {
      const runs: string[] = [];
      const pushes: TerminalDataPush[] = [];
      api.onRunEvent((p) => runs.push(p.runId));
      api.onTerminalData((p) => pushes.push(p));
      expect((await api.appInfo()).mode).toBe('browser');
      await expect(api.getRunbook({ id: '' } as never)).rejects.toBeInstanceOf(ApiError);
      const data = 'héllo 🍕\r\n'.repeat(1000);
      backend.hub.emit('onRunEvent', { runId: 'r1', event: runEvent });
      backend.hub.emit('onTerminalData', { runId: 'r1', role: 'app', data, chars: data.length });
      await api.appInfo();
      expect(runs).toEqual(['r1']);
      expect(pushes).toHaveLength(1);
      expect(pushes[0]).toMatchObject({ runId: 'r1', role: 'app', chars: data.length });
      expect(new TextDecoder().decode(pushes[0]!.data as Uint8Array)).toBe(data);
    } finally {
      api.close();
    }
  });

  it('makes a refused client fail with a clear error instead of hanging', async () => {
    const api = relayedPageClient('');
    await expect(api.appInfo()).rejects.toMatchObject({ code: 'disconnected' });
    api.close();
  });
});

describe('web host: static files', () => {
  it('serves the renderer with the CSP and correct MIME types', async () => {
    const index = await rawGet(host, '/', { Cookie: cookie });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await rawGet(host, '/assets/app.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log(1)');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%00',
    '/assets',
  ])('refuses %s', async (rawPath) => {
    const res = await rawGet(host, rawPath);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('TOP-SECRET');
  });

  it('refuses a request whose Host is not our loopback address (DNS rebinding)', async () => {
    const res = await rawGet(host, '/', { Host: `attacker.example:${host.port}` });
    expect(res.status).toBe(403);
  });
});

describe('web host: a stopped host is noticed at once, and the client comes back', () => {
  it('reports the loss when the socket closes, fails pending calls by code, and reconnects with backoff', async () => {
    const second = await startWebHost({ api: backend, staticDir });
    const { port } = second;
    // The page's session cookie; each socket the client opens sends the current one.
    let session = await openSession(second.token, second.origin);
    const api = createWsClient({
      url: `ws://127.0.0.1:${port}/api`,
      openSocket: (url, protocols) => pageSocket(second.origin, session)(url, protocols),
      retryDelaysMs: [20, 40],
    });
    const seen: string[] = [];
    const waitFor = (state: string) =>
      new Promise<void>((resolve) => {
        if (api.status().state === state) return resolve();
        const off = api.onStatus((s) => {
          if (s.state !== state) return;
          off();
          resolve();
        });
      });
    api.onStatus((s) => seen.push(s.state));
    let restarted: WebHost | undefined;
    try {
      await api.appInfo();
      expect(api.status()).toEqual({ state: 'connected', reconnected: 0 });
      const lost = waitFor('lost');
      await second.close();
      await lost;
      // Calls made while it is gone fail with a code the UI translates (renderer/app/errorText.ts).
      await expect(api.appInfo()).rejects.toMatchObject({ code: 'disconnected' });
      restarted = await startWebHost({ api: backend, staticDir, port });
      // Sessions live in the host's memory: a restarted host knows none, and a page comes back only with a
      // session of the new host (its new link; the banner says so: renderer/app/ConnectionBanner.tsx).
      session = await openSession(restarted.token, restarted.origin);
      await waitFor('connected');
      expect(api.status()).toEqual({ state: 'connected', reconnected: 1 });
      expect((await api.appInfo()).mode).toBe('browser');
      expect(seen.slice(0, 2)).toEqual(['connected', 'lost']);
      expect(seen).toContain('connecting');
    } finally {
      api.close();
      await restarted?.close();
    }
  });
});
