/**
 * Renderer side of terminal flow control (backend side: electron/core/backend/terminal-flow.ts).
 *
 * Every chunk goes to xterm's write(data, callback); the callback fires once xterm has parsed it. Parsed
 * characters are acknowledged to the backend in batches (one ack per ~64 K characters, and whatever is
 * left once output goes quiet), so acks cost little while the backend can still pause the SSH channel when
 * more than its high watermark is unacknowledged, and resume it when the terminal has caught up.
 */
export const ACK_BATCH_CHARS = 64 * 1024;

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export class WriteAccounting {
  private pendingAck = 0;
  private writtenNotParsed = 0;
  private idleTimer: unknown;

  constructor(
    private readonly ack: (chars: number) => void,
    private readonly timers: Timers,
    private readonly batch = ACK_BATCH_CHARS,
    private readonly idleMs = 100,
  ) {}

  /** Characters handed to xterm but not parsed yet. */
  get backlog(): number {
    return this.writtenNotParsed;
  }

  /** Parsed but not yet acknowledged. */
  get unacknowledged(): number {
    return this.pendingAck;
  }

  /** Call before term.write(data, …). */
  queued(chars: number): void {
    this.writtenNotParsed += chars;
  }

  /** Call from the write callback. */
  parsed(chars: number): void {
    this.writtenNotParsed = Math.max(0, this.writtenNotParsed - chars);
    this.pendingAck += chars;
    if (this.pendingAck >= this.batch) this.flush();
    else this.armIdle();
  }

  /** Acknowledges everything parsed so far (also on unmount). */
  flush(): void {
    if (this.idleTimer !== undefined) {
      this.timers.clear(this.idleTimer);
      this.idleTimer = undefined;
    }
    if (this.pendingAck === 0) return;
    const chars = this.pendingAck;
    this.pendingAck = 0;
    this.ack(chars);
  }

  private armIdle(): void {
    if (this.idleTimer !== undefined) return;
    this.idleTimer = this.timers.set(() => {
      this.idleTimer = undefined;
      this.flush();
    }, this.idleMs);
  }
}
