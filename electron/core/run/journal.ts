import fs from 'node:fs';
import path from 'node:path';
import type { RunEvent, RunEventBody } from './events';
import { journalPath, sha256Ref, writeHeadAtomically } from './journal-format';
import { describeProblem, readJournalSync } from './verify';

export { JOURNAL_FILE, HEAD_FILE } from './journal-format';

export class JournalError extends Error {
  override name = 'JournalError';
}

export interface JournalOptions {
  /** Clock for `ts` (tests pass a fixed one). */
  now?: () => Date;
  /**
   * Applied to every string of an event body before it is written: a last safety net behind the
   * engine's own redaction (e.g. `(s) => redactText(s, secrets)`). Never the only protection.
   */
  redact?: (text: string) => string;
}

function redactStrings<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactStrings(v, redact)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, redact)])) as T;
  return value;
}

/**
 * The append-only journal of one run folder (format in journal-format.ts). Each append is on disk
 * (write + fsync) before it returns: the engine appends before the next step starts, so a crash can
 * lose at most the event being written, and verify tells exactly that.
 */
export class Journal {
  private fd: number | undefined;
  private seq: number;
  private prevHash: string;
  /** Set by open() when it had to set aside a cut-short last line; say it to the engineer. */
  recoveryNote?: string;

  private constructor(
    readonly dir: string,
    readonly runId: string,
    fd: number,
    lastSeq: number,
    prevHash: string,
    private readonly options: JournalOptions,
  ) {
    this.fd = fd;
    this.seq = lastSeq + 1;
    this.prevHash = prevHash;
  }

  get path(): string {
    return journalPath(this.dir);
  }

  /** seq of the last event written, -1 before the first. */
  get lastSeq(): number {
    return this.seq - 1;
  }

  /** sha256Ref of the last line written (what journal.head and a seal name), the chain seed before the first. */
  get lastHash(): string {
    return this.prevHash;
  }

  /** Creates the run folder (0700; fails if it exists) and an empty journal. */
  static create(dir: string, runId: string, options: JournalOptions = {}): Journal {
    fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    try {
      fs.mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new JournalError(`the run folder ${dir} already exists: a run is never recorded twice`);
      throw error;
    }
    const fd = fs.openSync(journalPath(dir), 'wx', 0o600);
    return new Journal(dir, runId, fd, -1, sha256Ref(runId), options);
  }

  /**
   * Opens an existing journal to append after a resume. Refuses a journal that does not verify, except
   * for the two traces a crash leaves: an event written without its head update (accepted), and a
   * last line cut short (moved aside to `journal.partial-<line>.jsonl`, then cut off; see recoveryNote).
   */
  static open(dir: string, options: JournalOptions = {}): Journal {
    const file = journalPath(dir);
    if (!fs.existsSync(file)) throw new JournalError(`${file} does not exist`);
    const read = readJournalSync(dir);
    if (read.headError) throw new JournalError(`cannot append to ${file}: ${read.headError}`);
    if (read.runId === undefined)
      throw new JournalError(`cannot append to ${file}: no run id (no head, no run-started)`);
    let recoveryNote: string | undefined;
    if (read.problem) {
      if (!read.partialTailOnly)
        throw new JournalError(`cannot append to ${file}: ${describeProblem(read.problem)}`);
      const aside = path.join(dir, `journal.partial-${read.problem.line}.jsonl`);
      const data = fs.readFileSync(file);
      fs.writeFileSync(aside, data.subarray(read.goodBytes), { mode: 0o600 });
      fs.truncateSync(file, read.goodBytes);
      recoveryNote = `line ${read.problem.line} of the journal was cut short by a crash; its bytes were moved to ${aside}`;
    }
    const head = read.head;
    if (head) {
      const lastHashMatches = head.seq === read.lastSeq && head.hash === read.lastHash;
      const oneAhead = head.seq === read.lastSeq - 1; // crash between the journal write and the head write
      if (!lastHashMatches && !oneAhead)
        throw new JournalError(
          `cannot append to ${file}: it ends at seq ${read.lastSeq} but journal.head records seq ${head.seq}; run verify`,
        );
    } else if (read.lastSeq > 0) {
      throw new JournalError(`cannot append to ${file}: journal.head is missing`);
    }
    const fd = fs.openSync(file, 'a', 0o600);
    const journal = new Journal(
      dir,
      read.runId,
      fd,
      read.lastSeq,
      read.lastHash ?? sha256Ref(read.runId),
      options,
    );
    journal.recoveryNote = recoveryNote;
    return journal;
  }

  /** Writes one event, durably, and returns it as written. */
  append(body: RunEventBody): RunEvent {
    if (this.fd === undefined) throw new JournalError(`the journal ${this.path} is closed`);
    const safeBody = this.options.redact ? redactStrings(body, this.options.redact) : body;
    const ts = (this.options.now?.() ?? new Date()).toISOString();
    const event = { seq: this.seq, ts, prev: this.prevHash, ...safeBody } as RunEvent;
    const line = Buffer.from(JSON.stringify(event), 'utf8');
    const record = Buffer.concat([line, Buffer.from('\n')]);
    let written = 0;
    while (written < record.length) written += fs.writeSync(this.fd, record, written);
    fs.fsyncSync(this.fd);
    const hash = sha256Ref(line);
    writeHeadAtomically(this.dir, { runId: this.runId, seq: this.seq, hash });
    this.prevHash = hash;
    this.seq++;
    return event;
  }

  close(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
