import fs from 'node:fs';
import type { RunEvent } from './events';
import {
  type JournalHead,
  type RawLine,
  journalPath,
  readHead,
  sha256Ref,
  splitLines,
} from './journal-format';

/**
 * A line number of 0 means the problem is not about one line (a missing file, the head). The message
 * never repeats `line`: describeProblem adds it, once, wherever a problem is shown.
 */
export interface JournalProblem {
  line: number;
  message: string;
}

/** "line 3: <message>" (or just the message when it is not about one line); `file` names the file first. */
export function describeProblem(problem: JournalProblem, file?: string): string {
  if (!problem.line) return problem.message;
  return `${file ? `${file} ` : ''}line ${problem.line}: ${problem.message}`;
}

export interface VerifyResult {
  ok: boolean;
  /** Every event that could be parsed, in file order (also after a problem: for display only). */
  events: RunEvent[];
  problems: JournalProblem[];
  /** Harmless findings, e.g. an event written just before a crash whose head was not updated yet. */
  notes: string[];
  /** seq of the last parsed event, -1 when none. */
  lastSeq: number;
  runId?: string;
  /** sha256Ref of each complete line, in file order (what a seal's head is compared with). */
  lineHashes: string[];
}

export interface ReadJournalResult {
  runId?: string;
  /** The events up to (not including) the first bad line. */
  events: RunEvent[];
  lastSeq: number;
  /** sha256Ref of the last good line (what the next event's `prev` must be); undefined when no event. */
  lastHash?: string;
  /** Byte length of the good prefix of journal.jsonl. */
  goodBytes: number;
  /** The first bad line, if any; reading stopped there. */
  problem?: JournalProblem;
  /** True when the only problem is an unterminated last line (a write cut short by a crash). */
  partialTailOnly: boolean;
  head?: JournalHead;
  /** journal.head could not be parsed. */
  headError?: string;
}

/** What a line holds once parsed, or why it could not be. */
type ParsedLine = RawLine & { event?: RunEvent; error?: string };

function parseLine(raw: RawLine): ParsedLine {
  if (!raw.complete) return { ...raw, error: 'cut short (the file ends mid-event)' };
  try {
    const value: unknown = JSON.parse(raw.bytes.toString('utf8'));
    const event = value as RunEvent;
    if (
      typeof value !== 'object' ||
      value === null ||
      !Number.isInteger(event.seq) ||
      typeof event.prev !== 'string' ||
      typeof event.type !== 'string' ||
      typeof event.ts !== 'string'
    ) {
      return { ...raw, error: 'not a journal event (seq, ts, prev, type)' };
    }
    return { ...raw, event };
  } catch (error) {
    return { ...raw, error: `not valid JSON: ${(error as Error).message}` };
  }
}

function readLines(dir: string): ParsedLine[] {
  return splitLines(fs.readFileSync(journalPath(dir))).map(parseLine);
}

function runIdOf(lines: ParsedLine[], head: JournalHead | undefined): string | undefined {
  if (head) return head.runId;
  const first = lines[0]?.event;
  return first?.type === 'run-started' ? first.runId : undefined;
}

function tryReadHead(dir: string): { head?: JournalHead; headError?: string } {
  try {
    return { head: readHead(dir) };
  } catch (error) {
    return { headError: `journal.head is unreadable: ${(error as Error).message}` };
  }
}

/**
 * Tolerant reader for resuming a run: returns the events up to the first bad line and says which
 * line that was. Does not judge the head (Journal.open does, with the head it returns).
 */
export function readJournalSync(dir: string): ReadJournalResult {
  const lines = readLines(dir);
  const { head, headError } = tryReadHead(dir);
  const runId = runIdOf(lines, head);
  const events: RunEvent[] = [];
  let goodBytes = 0;
  let lastHash: string | undefined;
  for (const [index, line] of lines.entries()) {
    const expectedPrev = index === 0 ? (runId === undefined ? undefined : sha256Ref(runId)) : lastHash;
    let message = line.error;
    if (!message && line.event?.seq !== index) message = `seq ${line.event?.seq}, expected ${index}`;
    if (!message && line.event?.prev !== expectedPrev)
      message = 'does not chain to the line before it (prev hash mismatch)';
    if (message) {
      return {
        runId,
        events,
        lastSeq: events.length - 1,
        lastHash,
        goodBytes,
        problem: { line: line.line, message },
        partialTailOnly: !line.complete,
        head,
        headError,
      };
    }
    events.push(line.event as RunEvent);
    lastHash = sha256Ref(line.bytes);
    goodBytes += line.bytes.length + 1;
  }
  return {
    runId,
    events,
    lastSeq: events.length - 1,
    lastHash,
    goodBytes,
    partialTailOnly: false,
    head,
    headError,
  };
}

export async function readJournal(dir: string): Promise<ReadJournalResult> {
  return readJournalSync(dir);
}

/** Checks each line against the one before it, so one tampered line yields a problem naming it. */
function checkChain(lines: ParsedLine[], runId: string | undefined, problems: JournalProblem[]): void {
  for (const [index, line] of lines.entries()) {
    if (line.error) {
      problems.push({ line: line.line, message: line.error });
      continue;
    }
    const event = line.event as RunEvent;
    const before = lines[index - 1];
    if (index === 0) {
      if (runId === undefined) problems.push({ line: 1, message: 'not a run-started event' });
      else if (event.prev !== sha256Ref(runId))
        problems.push({ line: 1, message: `does not start the hash chain of run ${runId}` });
      if (event.seq !== 0) problems.push({ line: 1, message: `seq ${event.seq}, expected 0` });
      continue;
    }
    if (before && event.prev !== sha256Ref(before.bytes)) {
      problems.push({
        line: line.line,
        message:
          `its prev hash does not match line ${before.line}: line ${before.line} was modified, ` +
          `or events were removed or moved here`,
      });
    }
    const beforeSeq = before?.event?.seq;
    if (beforeSeq !== undefined && event.seq !== beforeSeq + 1) {
      problems.push({
        line: line.line,
        message:
          event.seq > beforeSeq + 1
            ? `seq ${event.seq} follows seq ${beforeSeq}: ${event.seq - beforeSeq - 1} event(s) missing`
            : `seq ${event.seq} follows seq ${beforeSeq}: events out of order or duplicated`,
      });
    }
  }
}

/**
 * run-finished ends a run: only a resume (run-resumed) may follow it. Anything else after it was not
 * written by the app, e.g. a step rewritten as succeeded after the run failed.
 */
function checkAfterFinish(lines: ParsedLine[], problems: JournalProblem[]): void {
  for (const [index, line] of lines.entries()) {
    const before = lines[index - 1]?.event;
    if (before?.type === 'run-finished' && line.event && line.event.type !== 'run-resumed')
      problems.push({
        line: line.line,
        message: `a ${line.event.type} event after run-finished (only run-resumed may follow it)`,
      });
  }
}

/** Compares the journal's end with journal.head: detects whole trailing events that were removed. */
function checkHead(
  lines: ParsedLine[],
  head: JournalHead | undefined,
  problems: JournalProblem[],
  notes: string[],
): void {
  const complete = lines.filter((l) => l.complete);
  const n = complete.length;
  if (!head) {
    if (n <= 1) {
      if (n === 1) notes.push('journal.head is missing: the app stopped right after the first event');
      return;
    }
    problems.push({
      line: 0,
      message: 'journal.head is missing: cannot tell whether trailing events were removed',
    });
    return;
  }
  const last = n - 1;
  const hashAt = (index: number) => (complete[index] ? sha256Ref(complete[index].bytes) : undefined);
  if (last === head.seq) {
    if (hashAt(last) !== head.hash)
      problems.push({
        line: complete[last]?.line ?? 0,
        message: 'the last event does not match journal.head: it was modified or replaced',
      });
  } else if (last === head.seq + 1) {
    // Once a crash between the journal write and the head write (resume still accepts it: Journal.open),
    // but also exactly what a forged event appended by hand looks like: a failure, never a note.
    if (hashAt(head.seq) === head.hash)
      problems.push({
        line: last + 1,
        message:
          'written after journal.head (seq ' +
          head.seq +
          '): an event added later, or the app stopped between two writes; it is not part of the record',
      });
    else
      problems.push({
        line: head.seq + 1,
        message: `does not match journal.head (seq ${head.seq})`,
      });
  } else if (last < head.seq) {
    problems.push({
      line: n + 1,
      message:
        `journal.head records seq ${head.seq} but the journal ends at seq ${last}: ` +
        `${head.seq - last} trailing event(s) removed or the file was truncated`,
    });
  } else {
    problems.push({
      line: head.seq + 2,
      message: `the journal has ${last - head.seq} event(s) after journal.head's seq ${head.seq}`,
    });
  }
}

/**
 * Full check of a run folder: the hash chain, the seq numbers, and the end against journal.head.
 * Never throws for a bad journal: everything it finds is a problem with a line number.
 */
export async function verifyJournal(dir: string): Promise<VerifyResult> {
  const problems: JournalProblem[] = [];
  const notes: string[] = [];
  let lines: ParsedLine[];
  try {
    lines = readLines(dir);
  } catch (error) {
    problems.push({ line: 0, message: `cannot read ${journalPath(dir)}: ${(error as Error).message}` });
    return { ok: false, events: [], problems, notes, lastSeq: -1, lineHashes: [] };
  }
  const { head, headError } = tryReadHead(dir);
  if (headError) problems.push({ line: 0, message: headError });
  const runId = runIdOf(lines, head);
  const first = lines[0]?.event;
  if (head && first?.type === 'run-started' && first.runId !== head.runId)
    problems.push({ line: 1, message: `run id ${first.runId} differs from journal.head's ${head.runId}` });
  checkChain(lines, runId, problems);
  checkAfterFinish(lines, problems);
  if (!headError) checkHead(lines, head, problems, notes);
  const events = lines.flatMap((l) => (l.event ? [l.event] : []));
  problems.sort((a, b) => a.line - b.line);
  const lineHashes = lines.filter((l) => l.complete).map((l) => sha256Ref(l.bytes));
  return {
    ok: problems.length === 0,
    events,
    problems,
    notes,
    lastSeq: events.at(-1)?.seq ?? -1,
    runId,
    lineHashes,
  };
}
