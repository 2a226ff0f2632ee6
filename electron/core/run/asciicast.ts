import fs from 'node:fs';

/**
 * asciicast v2 transcripts (https://docs.asciinema.org/manual/asciicast/v2/), one per server and run,
 * playable by `asciinema play`. The recorder is a pure class fed with output/marker/resize and writing
 * to a sink, like VS Code's terminalRecorder: the production sink is a file, tests use an array.
 *
 * Everything given to the recorder must already be redacted (Redactor): it writes what it is given.
 * Input ("i" events) is not recorded unless asked for: an engineer's keystrokes include sudo
 * passwords typed at prompts that do not echo, and those are not known secrets to redact.
 */

export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  /** Unix time in seconds of the start of the recording. */
  timestamp: number;
  title?: string;
  env?: { TERM?: string; SHELL?: string };
}

export type CastEventCode = 'o' | 'i' | 'm' | 'r';
export type CastEvent = [time: number, code: CastEventCode, data: string];

export interface CastSink {
  write(text: string): void;
  close?(): void;
}

export interface RecorderOptions {
  width: number;
  height: number;
  title?: string;
  term?: string;
  /** Wall clock for the header (ms since epoch). */
  startedAt?: number;
  /** Monotonic clock in ms (tests pass a fake); default performance.now. */
  clock?: () => number;
  recordInput?: boolean;
  /** Output chunks arriving within this many ms of the first one are merged into one event. */
  coalesceMs?: number;
  /** Serialized text is handed to the sink once this many characters are buffered. */
  flushChars?: number;
}

/**
 * Buffers small chunks: a 50 MB `cat` arrives as tens of thousands of small chunks, and one JSON line
 * and one write each would cost more than the transfer. Output within `coalesceMs` is merged into one
 * event (finer timing than that is invisible on playback) and lines go to the sink in batches.
 * Flushed on marker, resize, flush() and close(), so a step's output is on disk when the next starts.
 */
export class AsciicastRecorder {
  private readonly clock: () => number;
  private readonly start: number;
  private readonly coalesceMs: number;
  private readonly flushChars: number;
  private pendingOutput = '';
  private pendingTime = 0;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private closed = false;

  constructor(
    private readonly sink: CastSink,
    private readonly options: RecorderOptions,
  ) {
    this.clock = options.clock ?? (() => performance.now());
    this.start = this.clock();
    this.coalesceMs = options.coalesceMs ?? 20;
    this.flushChars = options.flushChars ?? 64 * 1024;
    const header: CastHeader = {
      version: 2,
      width: options.width,
      height: options.height,
      timestamp: Math.floor((options.startedAt ?? Date.now()) / 1000),
      ...(options.title !== undefined ? { title: options.title } : {}),
      env: { TERM: options.term ?? 'xterm-256color' },
    };
    this.sink.write(JSON.stringify(header) + '\n');
  }

  output(data: string): void {
    if (this.closed || data.length === 0) return;
    const now = this.elapsed();
    if (this.pendingOutput && now - this.pendingTime <= this.coalesceMs / 1000) {
      this.pendingOutput += data;
    } else {
      this.emitPendingOutput();
      this.pendingOutput = data;
      this.pendingTime = now;
    }
    if (this.pendingOutput.length >= this.flushChars) this.emitPendingOutput();
  }

  input(data: string): void {
    if (this.closed || !this.options.recordInput || data.length === 0) return;
    this.emitPendingOutput();
    this.line(this.elapsed(), 'i', data);
  }

  /** A named point, e.g. the start of a step; `castOutputSince` cuts a step's output on these. */
  marker(label: string): void {
    if (this.closed) return;
    this.emitPendingOutput();
    this.line(this.elapsed(), 'm', label);
    this.flush();
  }

  resize(cols: number, rows: number): void {
    if (this.closed) return;
    this.emitPendingOutput();
    this.line(this.elapsed(), 'r', `${cols}x${rows}`);
    this.flush();
  }

  flush(): void {
    this.emitPendingOutput();
    if (this.buffer.length === 0) return;
    this.sink.write(this.buffer.join(''));
    this.buffer = [];
    this.bufferedChars = 0;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.sink.close?.();
  }

  private elapsed(): number {
    return (this.clock() - this.start) / 1000;
  }

  private emitPendingOutput(): void {
    if (!this.pendingOutput) return;
    const data = this.pendingOutput;
    this.pendingOutput = '';
    this.line(this.pendingTime, 'o', data);
  }

  private line(time: number, code: CastEventCode, data: string): void {
    const text = `[${time.toFixed(6)}, "${code}", ${JSON.stringify(data)}]\n`;
    this.buffer.push(text);
    this.bufferedChars += text.length;
    if (this.bufferedChars >= this.flushChars) this.flush();
  }
}

export interface FileCastSinkOptions {
  /** Bytes written since the last flush at which the file is flushed to disk in the background. */
  flushEveryBytes?: number;
  /** fs.fdatasync; replaceable in tests. */
  fdatasync?: (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;
}

/**
 * A sink writing synchronously to a new file (0600): bounded memory, no backpressure to manage.
 *
 * It also flushes the file to disk in the background every `flushEveryBytes` (off the event loop). Why:
 * left to the kernel, a flood's transcript piles up hundreds of MB not yet on disk, and the journal's
 * fsync at the step's end (journal.ts) then waited for the file system to write them first (ext4
 * orders data before metadata): 0.3-0.6 s with the step shown running after a Ctrl-C (bench, figure 5d).
 * Flushed as it goes, little is left for that fsync to wait for, and a crash loses less of the transcript.
 */
export function fileCastSink(path: string, options: FileCastSinkOptions = {}): CastSink {
  const flushEvery = options.flushEveryBytes ?? 8 * 1024 * 1024;
  const fdatasync = options.fdatasync ?? fs.fdatasync;
  const fd = fs.openSync(path, 'wx', 0o600);
  let unflushed = 0;
  let flushing = false;
  let closing = false;
  const closeFile = () => {
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  };
  return {
    write(text) {
      unflushed += fs.writeSync(fd, text);
      if (unflushed < flushEvery || flushing) return;
      flushing = true;
      unflushed = 0;
      fdatasync(fd, () => {
        flushing = false;
        // close() came meanwhile: the descriptor stayed open for this flush (never another file's).
        if (closing) closeFile();
      });
    },
    close() {
      closing = true;
      if (!flushing) closeFile();
    },
  };
}

/** A sink for tests: each write is one element. */
export function arrayCastSink(): CastSink & { chunks: string[]; text(): string } {
  const chunks: string[] = [];
  return { chunks, write: (text) => void chunks.push(text), text: () => chunks.join('') };
}

export interface Asciicast {
  header: CastHeader;
  events: CastEvent[];
  /** The last line was cut short (the app stopped while writing); it is left out. */
  truncated: boolean;
}

export function parseAsciicast(text: string, source = 'asciicast'): Asciicast {
  const lines = text.split('\n');
  const endsCleanly = lines.at(-1) === '';
  if (endsCleanly) lines.pop();
  const [first, ...rest] = lines;
  if (first === undefined) throw new Error(`${source}: empty file`);
  const header = JSON.parse(first) as CastHeader;
  if (header.version !== 2) throw new Error(`${source}:1: not an asciicast v2 header`);
  const events: CastEvent[] = [];
  let truncated = false;
  for (const [index, line] of rest.entries()) {
    const isLast = index === rest.length - 1;
    try {
      const event = JSON.parse(line) as CastEvent;
      if (!Array.isArray(event) || typeof event[0] !== 'number' || typeof event[2] !== 'string')
        throw new Error('not an event');
      events.push(event);
    } catch (error) {
      if (isLast && !endsCleanly) truncated = true;
      else throw new Error(`${source}:${index + 2}: ${(error as Error).message}`);
    }
  }
  return { header, events, truncated };
}

export async function readAsciicast(path: string): Promise<Asciicast> {
  return parseAsciicast(await fs.promises.readFile(path, 'utf8'), path);
}

/**
 * The output between the marker with this label and the next marker (or the end): one step's output
 * for a report. When the label occurs more than once (a retried step), the last occurrence is used.
 * Undefined when there is no such marker.
 */
export function castOutputSince(cast: Asciicast, marker: string): string | undefined {
  let start = -1;
  cast.events.forEach(([, code, data], index) => {
    if (code === 'm' && data === marker) start = index;
  });
  if (start === -1) return undefined;
  let out = '';
  for (const [, code, data] of cast.events.slice(start + 1)) {
    if (code === 'm') break;
    if (code === 'o') out += data;
  }
  return out;
}
