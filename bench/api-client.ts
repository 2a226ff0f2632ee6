import WebSocket from 'ws';

/**
 * A minimal client of the browser-mode api for the bench's set-up calls (servers, host keys, starting a
 * run): the same WebSocket, session cookie and Origin as the page. Close it before measuring: the host pushes
 * every event (terminal output included) to every open connection.
 */
export interface BenchApi {
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  close(): void;
}

/** A session of the host: its origin and the cookie its one-time link was traded for. */
export interface BenchSession {
  /** http://127.0.0.1:PORT */
  origin: string;
  cookie: { name: string; value: string };
}

/**
 * Trades the host's link (http://127.0.0.1:PORT/session#token=…, one use: electron/web/browser-sessions.ts)
 * for a session, as its landing page does. The bench's api calls and pages then share that session.
 */
export async function openBenchSession(url: string): Promise<BenchSession> {
  const parsed = new URL(url);
  const token = /token=([A-Za-z0-9_-]+)/.exec(parsed.hash)?.[1];
  if (!token) throw new Error(`no token in ${url}`);
  const res = await fetch(`${parsed.origin}/session`, {
    method: 'POST',
    headers: { Origin: parsed.origin, 'Content-Type': 'text/plain' },
    body: token,
  });
  const setCookie = res.headers.get('set-cookie');
  if (res.status !== 200 || !setCookie) throw new Error(`the host refused its link (${res.status})`);
  const [name, value] = setCookie.split(';')[0]!.split('=') as [string, string];
  return { origin: parsed.origin, cookie: { name, value } };
}

export async function connectBenchApi(session: BenchSession): Promise<BenchApi> {
  const ws = new WebSocket(`ws://${new URL(session.origin).host}/api`, ['runbook.v1'], {
    origin: session.origin,
    headers: { Cookie: `${session.cookie.name}=${session.cookie.value}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  ws.on('message', (data, isBinary) => {
    if (isBinary) return; // terminal output (a binary frame): not for the set-up calls
    const message = JSON.parse(data.toString()) as {
      id?: number;
      result?: unknown;
      error?: { code: string; message: string };
    };
    const call = message.id !== undefined ? pending.get(message.id) : undefined;
    if (!call) return; // an event
    pending.delete(message.id!);
    if (message.error) call.reject(new Error(`${message.error.code}: ${message.error.message}`));
    else call.resolve(message.result);
  });
  ws.on('close', () => {
    for (const p of pending.values()) p.reject(new Error('the api connection closed'));
    pending.clear();
  });
  let nextId = 1;
  return {
    call<T>(method: string, input?: unknown): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ id, method, input }));
      });
    },
    close: () => ws.close(),
  };
}
