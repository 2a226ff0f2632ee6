/**
 * Hands terminal output to xterm.js so that a flood costs few frames. Output that arrives while nothing is
 * being parsed is written at once: typing echo and ordinary output show immediately. While xterm.js is
 * parsing, what arrives is held, and written as one chunk when that write is parsed; and after a large
 * write (a flood), the next one waits until FLOOD_INTERVAL_MS after it, unless a whole MAX_CHUNK is
 * already held: then the page has a full chunk's parsing to do, which takes longer than that anyway, and
 * waiting would only leave it idle.
 *
 * Why: xterm.js renders a frame after each task that parses its write queue. Fed the 64 KB pushes of a
 * `cat` one by one, it drew up to 60 frames a second of text nobody can read, and on a machine without a
 * GPU those frames (layout, paint, raster) cost more than the parsing and took the CPU that SSH and the
 * backend needed to keep output coming (docs/bench.md, figure 1). A flood is now drawn about
 * ten times a second: once per chunk of up to MAX_CHUNK.
 */
export type TerminalChunk = string | Uint8Array;

export interface ChunkSink {
  /** xterm's write(data, callback): `parsed` is called once `data` has been parsed. */
  write(data: TerminalChunk, parsed: () => void): void;
}

export interface WriterClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Largest chunk written at once (characters or bytes). It sets how often a flood is drawn (once per chunk)
 * and how long one parse task holds the page (about 100 ms here; a click or a Ctrl-C waits at most that).
 * On the bench (figure 1), 2 MiB chunks took a `cat` from 14.4 to 18.4 MB/s against 1 MiB ones, 3 MiB
 * brought nothing more (medians of 4 alternating rounds; the flow window grew to match, terminal-flow.ts).
 */
export const MAX_CHUNK = 2 << 20;
/** A write this large (characters) is flood output: the next write waits for FLOOD_INTERVAL_MS. */
export const LARGE_WRITE_CHARS = 16 * 1024;
export const FLOOD_INTERVAL_MS = 50;

interface Piece {
  data: TerminalChunk;
  chars: number;
}

const browserClock: WriterClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class CoalescingWriter {
  private readonly held: Piece[] = [];
  private heldChars = 0;
  private writing = false;
  private timer: unknown;
  private lastLargeWriteAt = -Infinity;
  private disposed = false;

  /** `onParsed(chars)` reports each chunk parsed, in the `chars` its pushes declared (flow control). */
  constructor(
    private readonly sink: ChunkSink,
    private readonly onParsed: (chars: number) => void,
    private readonly clock: WriterClock = browserClock,
  ) {}

  /** Characters held, not yet handed to xterm.js. */
  get pending(): number {
    return this.heldChars;
  }

  push(data: TerminalChunk, chars: number): void {
    if (this.disposed || data.length === 0) return;
    this.held.push({ data, chars });
    this.heldChars += chars;
    if (!this.writing && this.timer === undefined) this.writeHeld();
  }

  /** Drops what is held (the view is going away). */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.held.length = 0;
    this.heldChars = 0;
  }

  private writeHeld(): void {
    this.writing = false;
    if (this.disposed || this.held.length === 0) return;
    const wait = this.lastLargeWriteAt + FLOOD_INTERVAL_MS - this.clock.now();
    if (wait > 0 && this.heldChars < MAX_CHUNK) {
      this.timer ??= this.clock.setTimeout(() => {
        this.timer = undefined;
        this.writeHeld();
      }, wait);
      return;
    }
    const next = this.takeChunk();
    if (next.chars >= LARGE_WRITE_CHARS) this.lastLargeWriteAt = this.clock.now();
    this.writing = true;
    this.sink.write(next.data, () => {
      this.onParsed(next.chars);
      this.writeHeld();
    });
  }

  /** The held pieces of the first one's kind (text or bytes), up to MAX_CHUNK, joined into one. */
  private takeChunk(): Piece {
    const first = this.held[0]!;
    const isText = typeof first.data === 'string';
    let count = 1;
    let size = first.data.length;
    for (; count < this.held.length; count++) {
      const piece = this.held[count]!;
      if ((typeof piece.data === 'string') !== isText || size + piece.data.length > MAX_CHUNK) break;
      size += piece.data.length;
    }
    const pieces = this.held.splice(0, count);
    const chars = pieces.reduce((sum, p) => sum + p.chars, 0);
    this.heldChars -= chars;
    if (count === 1) return first;
    return { data: isText ? joinText(pieces) : joinBytes(pieces, size), chars };
  }
}

function joinText(pieces: Piece[]): string {
  return pieces.map((p) => p.data as string).join('');
}

function joinBytes(pieces: Piece[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of pieces) {
    out.set(p.data as Uint8Array, at);
    at += p.data.length;
  }
  return out;
}
