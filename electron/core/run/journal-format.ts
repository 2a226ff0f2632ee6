import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The on-disk format of a run journal, shared by the writer (journal.ts) and the checkers (verify.ts).
 *
 * - `journal.jsonl`: one JSON event a line, '\n'-terminated. Each event's `prev` is "sha256:<hex>" of the
 *   previous line's exact UTF-8 bytes WITHOUT its '\n' (for seq 0: the sha256 of the run id).
 * - `journal.head`: `{ runId, seq, hash }` of the last line (hash as above), replaced atomically after
 *   each append. Without it, deleting whole trailing events would leave a perfectly valid chain.
 */
export const JOURNAL_FILE = 'journal.jsonl';
export const HEAD_FILE = 'journal.head';

export interface JournalHead {
  runId: string;
  seq: number;
  hash: string;
}

export function sha256Ref(data: string | Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

export function journalPath(dir: string): string {
  return path.join(dir, JOURNAL_FILE);
}

export function headPath(dir: string): string {
  return path.join(dir, HEAD_FILE);
}

/** Reads journal.head; undefined when absent, throws with a clear message when malformed. */
export function readHead(dir: string): JournalHead | undefined {
  let text: string;
  try {
    text = fs.readFileSync(headPath(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const value: unknown = JSON.parse(text);
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as JournalHead).runId !== 'string' ||
    !Number.isInteger((value as JournalHead).seq) ||
    typeof (value as JournalHead).hash !== 'string'
  ) {
    throw new Error(`${headPath(dir)} is not a journal head ({runId, seq, hash})`);
  }
  return value as JournalHead;
}

/** tmp + fsync + rename, so a crash leaves either the old head or the new one, never half of one. */
export function writeHeadAtomically(dir: string, head: JournalHead): void {
  const tmp = headPath(dir) + '.tmp';
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(head) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, headPath(dir));
}

/** One line of the file as read back: its bytes (for hashing) and where it sits. */
export interface RawLine {
  /** 1-based line number. */
  line: number;
  bytes: Buffer;
  /** False for a last line without its '\n' (a write cut short). */
  complete: boolean;
}

export function splitLines(data: Buffer): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  let line = 1;
  while (start < data.length) {
    const nl = data.indexOf(0x0a, start);
    if (nl === -1) {
      lines.push({ line, bytes: data.subarray(start), complete: false });
      break;
    }
    lines.push({ line, bytes: data.subarray(start, nl), complete: true });
    start = nl + 1;
    line++;
  }
  return lines;
}
