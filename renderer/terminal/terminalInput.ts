/**
 * What the engineer types or pastes into a live terminal, on its way to writeTerminal, in order.
 *
 * A paste arrives from xterm.js as one string, however long (xterm hands the whole clipboard to onData).
 * One writeTerminal call carries at most TERMINAL_WRITE_MAX_CHARS (core/contract/limits.ts): above that the
 * contract refuses it, and in browser mode the message would also pass the WebSocket's limit. So input is
 * split into pieces of that size, never inside a surrogate pair, and sent one at a time: the next piece
 * leaves when the backend has taken the previous one. This keeps what is in flight bounded (one piece), and
 * the order of pieces and of what is typed meanwhile is the order of the keys.
 *
 * Ctrl-C while a long paste is still queued drops what is left of it and goes next, as it would end a
 * command in a local terminal: the engineer can stop a paste they did not mean.
 */
import { TERMINAL_WRITE_MAX_CHARS } from '../../electron/core/contract/limits';

const INTERRUPT = '\x03';

/** Splits `data` into pieces of at most `max` UTF-16 units, never between the two halves of a pair. */
export function splitInput(data: string, max = TERMINAL_WRITE_MAX_CHARS): string[] {
  if (max < 2) throw new RangeError('pieces need room for a surrogate pair');
  const pieces: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + max, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end--; // a high surrogate: keep its pair whole
    pieces.push(data.slice(start, end));
    start = end;
  }
  return pieces;
}

export class TerminalInput {
  private readonly queue: string[] = [];
  private sending = false;
  private disposed = false;

  /** `send` resolves once the backend took the piece; a rejection drops the rest (the session is gone). */
  constructor(
    private readonly send: (data: string) => Promise<void>,
    private readonly maxChars = TERMINAL_WRITE_MAX_CHARS,
  ) {}

  /** Pieces not yet handed to `send` (for tests and for the UI). */
  get pending(): number {
    return this.queue.length;
  }

  write(data: string): void {
    if (this.disposed || data.length === 0) return;
    if (data === INTERRUPT && this.queue.length > 0) this.queue.length = 0;
    this.queue.push(...splitInput(data, this.maxChars));
    void this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0 && !this.disposed) {
        const piece = this.queue.shift()!;
        try {
          await this.send(piece);
        } catch {
          this.queue.length = 0;
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
