import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM } from './browser';

/**
 * Chromium driven over the DevTools protocol directly, for the full-path figures (1, 2, 5b, 5d).
 *
 * Why not Playwright there: Playwright enables the Network domain on every page it drives, and Chromium
 * then copies every WebSocket frame the page receives into a DevTools event for the driver, at tens of
 * MB/s, through the renderer, the browser process and the driver: work no user's window ever does, and it
 * cost the full path a quarter of its throughput. Here only the domains a figure uses are enabled
 * (Runtime, and HeapProfiler for 5b), and the page is driven by evaluating scripts in it.
 *
 * The protocol goes over a pipe (--remote-debugging-pipe: commands on fd 3, replies and events on fd 4,
 * each message ended by a NUL byte), not a TCP port that any local process could connect to and drive the
 * app's page, session token included, through.
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
      '--remote-debugging-pipe',
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
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  // Detached, it would outlive a bench that exits early (main.ts turns signals into process exit).
  const onExit = () => {
    signal('SIGKILL');
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    } catch {
      // a process of the group was still writing; only a temp dir is left
    }
  };
  process.once('exit', onExit);
  const connection = new CdpPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const close = async () => {
    connection.close();
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
    await withTimeout(
      connection.send('Browser.getVersion'),
      30_000,
      () => `Chromium did not start:\n${stderr}`,
    );
    return {
      async newPage(width, height) {
        const { targetId } = await connection.send<{ targetId: string }>('Target.createTarget', {
          url: 'about:blank',
        });
        const { sessionId } = await connection.send<{ sessionId: string }>('Target.attachToTarget', {
          targetId,
          flatten: true,
        });
        const page = new CdpSession(connection, sessionId);
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
            await connection.send('Target.closeTarget', { targetId }).catch(() => undefined);
          },
        };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message())), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error as Error)),
    );
  });
}

interface CdpMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** The browser's DevTools connection over the pipe; pages are sessions on it (flatten mode). */
class CdpPipe {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly eventListeners = new Set<(message: CdpMessage) => void>();
  private buffered: Buffer[] = [];

  constructor(
    private readonly commands: Writable,
    replies: Readable,
  ) {
    commands.on('error', () => undefined); // Chromium gone: the pending calls fail on 'close' below
    replies.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
        this.buffered.push(chunk.subarray(start, end));
        this.dispatch(JSON.parse(Buffer.concat(this.buffered).toString('utf8')) as CdpMessage);
        this.buffered = [];
        start = end + 1;
      }
      if (start < chunk.length) this.buffered.push(chunk.subarray(start));
    });
    replies.on('close', () => {
      for (const call of this.pending.values()) call.reject(new Error('the DevTools pipe closed'));
      this.pending.clear();
    });
  }

  send<T>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.commands.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }

  onEvent(listener: (message: CdpMessage) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  close(): void {
    this.commands.end();
  }

  private dispatch(message: CdpMessage): void {
    if (message.id === undefined) {
      for (const listener of this.eventListeners) listener(message);
      return;
    }
    const call = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.error) call?.reject(new Error(message.error.message));
    else call?.resolve(message.result);
  }
}

/** One page, as a session of the browser connection. */
class CdpSession {
  constructor(
    private readonly connection: CdpPipe,
    private readonly sessionId: string,
  ) {}

  send<T>(method: string, params: object = {}): Promise<T> {
    return this.connection.send<T>(method, params, this.sessionId);
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
    let off = () => {};
    const loaded = new Promise<void>((resolve) => {
      off = this.connection.onEvent((message) => {
        if (message.sessionId === this.sessionId && message.method === 'Page.loadEventFired') resolve();
      });
    });
    try {
      await this.send('Page.navigate', { url });
      await loaded;
    } finally {
      off();
    }
  }
}
