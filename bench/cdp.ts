import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM } from './browser';

/**
 * Chromium driven over the DevTools protocol directly, for the full-path figures (1, 2, 5b, 5d).
 *
 * Why not Playwright there: Playwright enables the Network domain on every page it drives, and Chromium
 * then copies every WebSocket frame the page receives into a DevTools event for the driver, at tens of
 * MB/s, through the renderer, the browser process and the driver: work no user's window ever does, and it
 * cost the full path a quarter of its throughput. Here only the domains a figure uses are enabled
 * (Runtime, and HeapProfiler for 5b), and the page is driven by evaluating scripts in it.
 */
export interface CdpBrowser {
  newPage(width: number, height: number): Promise<CdpPage>;
  close(): Promise<void>;
}

export interface CdpPage {
  send<T = unknown>(method: string, params?: object): Promise<T>;
  /** Evaluates `expression` (awaiting a promise) and returns its value as JSON. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  navigate(url: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchCdpChromium(): Promise<CdpBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set BENCH_CHROMIUM)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-bench-chromium-'));
  const child = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox', // as root
      '--remote-debugging-port=0', // 127.0.0.1 only; the port is read from stderr
      `--user-data-dir=${profile}`,
      // No crash handler: Chromium starts it in a session of its own, where it outlived the browser and
      // kept writing into the profile dir.
      '--disable-breakpad',
      '--disable-crash-reporter',
      '--no-first-run',
      '--no-default-browser-check',
      'about:blank',
    ],
    // Its own process group: close() ends the zygote and renderers too, which otherwise keep writing into
    // the profile dir after the browser process exits.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  // Detached, it would outlive a bench stopped by Ctrl-C (main.ts exits on SIGINT): take it along.
  const onExit = () => {
    signal('SIGKILL');
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    } catch {
      // a process of the group was still writing; only a temp dir is left
    }
  };
  process.once('exit', onExit);
  const close = async () => {
    signal('SIGTERM');
    const killer = setTimeout(() => signal('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      // A leftover temp dir must not turn a measured figure into an error.
      process.stderr.write(`bench: could not remove ${profile}: ${(error as Error).message}\n`);
    }
    process.off('exit', onExit); // only now: an exit during this close must still clean up
  };
  try {
    const port = await debuggingPort(child);
    const browser = await CdpConnection.open(`ws://127.0.0.1:${port}/devtools/browser`, port);
    return {
      async newPage(width, height) {
        const { targetId } = await browser.send<{ targetId: string }>('Target.createTarget', {
          url: 'about:blank',
        });
        const page = await CdpConnection.open(`ws://127.0.0.1:${port}/devtools/page/${targetId}`, port);
        await page.send('Emulation.setDeviceMetricsOverride', {
          width,
          height,
          deviceScaleFactor: 1,
          mobile: false,
        });
        await page.send('Page.enable');
        return {
          send: (method, params) => page.send(method, params),
          evaluate: (expression) => page.evaluate(expression),
          navigate: (url) => page.navigate(url),
          async close() {
            page.close();
            await browser.send('Target.closeTarget', { targetId }).catch(() => undefined);
          },
        };
      },
      async close() {
        browser.close();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/<id>" once it is up. */
function debuggingPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start within 30 s:\n${err}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
      const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited ${code} before listening:\n${err}`));
    });
  });
}

interface CdpReply {
  id?: number;
  method?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
}

class CdpConnection {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly loads: (() => void)[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as CdpReply;
      if (message.method === 'Page.loadEventFired') this.loads.splice(0).forEach((fn) => fn());
      if (message.id === undefined) return;
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) call?.reject(new Error(message.error.message));
      else call?.resolve(message.result);
    });
    ws.on('close', () => {
      for (const call of this.pending.values()) call.reject(new Error('the DevTools connection closed'));
      this.pending.clear();
    });
  }

  static async open(url: string, port: number): Promise<CdpConnection> {
    // The browser endpoint's exact path has an id; /json/version names it.
    const target = url.endsWith('/devtools/browser')
      ? (
          (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as {
            webSocketDebuggerUrl: string;
          }
        ).webSocketDebuggerUrl
      : url;
    const ws = new WebSocket(target, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new CdpConnection(ws);
  }

  send<T>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.send<{
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (reply.exceptionDetails) {
      const { text, exception } = reply.exceptionDetails;
      throw new Error(`in the page: ${exception?.description ?? text}`);
    }
    return reply.result.value as T;
  }

  async navigate(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => this.loads.push(resolve));
    await this.send('Page.navigate', { url });
    await loaded;
  }

  close(): void {
    this.ws.close();
  }
}
