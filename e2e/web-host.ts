/**
 * Starts the browser-mode host as an engineer would (`tsx electron/web/main.ts --port 0`) and reads the links
 * it prints. Shared by the Playwright global setup and the specs that need a host of their own.
 *
 * A link works once (electron/web/browser-sessions.ts): the host prints a fresh one each time one is used.
 * takeLink() hands them out in order; sessionCookie() uses one from Node, as the landing page would, and
 * gives the session cookie to put in a Playwright context.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createWsClient, type ApiSocket, type WsClient } from '../renderer/api/ws-client';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const LINK = /http:\/\/127\.0\.0\.1:\d+\/\S*#token=[A-Za-z0-9_-]+/g;

/** A cookie as Playwright's BrowserContext.addCookies takes it. */
export interface SessionCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Strict';
}

export interface WebHost {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The first link the host printed: http://127.0.0.1:<port>/session#token=… */
  url: string;
  /** Everything the host wrote so far (stdout and stderr). */
  output(): string;
  /** The next link not yet handed out, waiting for the host to print it (it does once the previous is used). */
  takeLink(): Promise<string>;
  /** Uses the next link from Node, as the landing page does, and returns the session cookie it set. */
  sessionCookie(): Promise<SessionCookie>;
  /** The renderer's api client, holding a session of its own, for set-up calls from the test. */
  apiClient(): Promise<WsClient>;
  /** Stops this one process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

export async function startWebHost(options: { dataDir: string; runbooksDir?: string }): Promise<WebHost> {
  const args = ['--import', 'tsx', 'electron/web/main.ts', '--port', '0', '--data-dir', options.dataDir];
  if (options.runbooksDir) args.push('--runbooks-dir', options.runbooksDir);
  // node --import tsx (not npx): one process, so stop() ends exactly the host it started.
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, RUNBOOK_DATA_DIR: options.dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const links: string[] = [];
  let taken = 0;
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    const found = output.match(LINK) ?? [];
    if (found.length > links.length) links.push(...found.slice(links.length));
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  const nextLink = (index: number, what: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (links[index]) return resolve(links[index]!);
        if (child.exitCode !== null)
          return reject(new Error(`web host exited before printing ${what}:\n${output}`));
        waiters.push(check);
      };
      child.once('exit', check);
      check();
    });
  const url = await Promise.race([
    nextLink(0, 'its link'),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`web host did not print its link:\n${output}`)), 30_000).unref(),
    ),
  ]);
  const origin = new URL(url).origin;

  const host: WebHost = {
    child,
    origin,
    url,
    output: () => output,
    takeLink: () => nextLink(taken++, `link #${taken}`),
    async sessionCookie() {
      const link = await host.takeLink();
      const res = await fetch(`${origin}/session`, {
        method: 'POST',
        headers: { Origin: origin, 'Content-Type': 'text/plain' },
        body: new URL(link).hash.replace(/^#token=/, ''),
      });
      const setCookie = res.headers.get('set-cookie');
      if (res.status !== 200 || !setCookie) throw new Error(`the link was refused (${res.status})`);
      const [name, value] = setCookie.split(';')[0]!.split('=') as [string, string];
      return {
        name,
        value,
        domain: '127.0.0.1',
        path: '/',
        httpOnly: true,
        secure: false,
        sameSite: 'Strict',
      };
    },
    async apiClient() {
      const cookie = await host.sessionCookie();
      return createWsClient({
        url: `ws://${new URL(origin).host}/api`,
        openSocket: (socketUrl, protocols) => {
          const socket = new WebSocket(socketUrl, protocols, {
            origin,
            headers: { Cookie: `${cookie.name}=${cookie.value}` },
          });
          socket.binaryType = 'arraybuffer';
          return socket as unknown as ApiSocket;
        },
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
  return host;
}
