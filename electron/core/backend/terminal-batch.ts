/**
 * Coalesces a run's terminal output before it is pushed to the renderer.
 *
 * ssh2 hands the runner one small chunk per SSH packet (a few KB for a `cat`), and every push costs a
 * JSON frame, a WebSocket/IPC message, a parse and an xterm.js write in the page: at tens of MB/s that
 * per-message cost, not the bytes, set the pace. Output is therefore held per stream (one server role)
 * until `maxChars` have gathered or `delayMs` have passed since the first held chunk, whichever comes
 * first; a short delay keeps interactive echo immediate to the eye.
 *
 * Callers flush before pushing anything that must follow the output (a step's end, a state change), so
 * the page never sees a step finish before the output that step printed. Keystrokes travel the other way
 * and never wait here.
 */
export interface BatchTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface BatchLimits {
  /** Held characters of one stream at which it is pushed at once. */
  maxChars: number;
  /** Longest time a chunk is held, in ms. */
  delayMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxChars: 64 * 1024, delayMs: 8 };

const nodeTimers: BatchTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class TerminalBatcher<K extends string> {
  private readonly held = new Map<K, { parts: string[]; chars: number }>();
  private timer: unknown;

  constructor(
    private readonly push: (key: K, data: string) => void,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
    private readonly timers: BatchTimers = nodeTimers,
  ) {
    if (!(limits.maxChars > 0 && limits.delayMs >= 0))
      throw new RangeError('batch limits need maxChars > 0 and delayMs >= 0');
  }

  /** Characters held and not pushed yet, over all streams. */
  get pending(): number {
    let chars = 0;
    for (const entry of this.held.values()) chars += entry.chars;
    return chars;
  }

  add(key: K, data: string): void {
    if (data.length === 0) return;
    let entry = this.held.get(key);
    if (!entry) this.held.set(key, (entry = { parts: [], chars: 0 }));
    entry.parts.push(data);
    entry.chars += data.length;
    if (entry.chars >= this.limits.maxChars) this.flushKey(key);
    else if (this.timer === undefined)
      this.timer = this.timers.set(() => {
        this.timer = undefined;
        this.flush();
      }, this.limits.delayMs);
  }

  /** Pushes everything held, stream by stream (in the order the streams first held output). */
  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clear(this.timer);
      this.timer = undefined;
    }
    for (const key of [...this.held.keys()]) this.flushKey(key);
  }

  private flushKey(key: K): void {
    const entry = this.held.get(key);
    if (!entry) return;
    this.held.delete(key);
    // The timer stays armed for the other streams; flush() with nothing held is a no-op.
    this.push(key, entry.parts.length === 1 ? entry.parts[0]! : entry.parts.join(''));
  }
}
