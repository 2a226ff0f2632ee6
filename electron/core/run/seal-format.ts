import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The seal of a run folder (docs/run-records.md): a small JSON file naming the journal's head and the
 * exact bytes of every transcript, and its detached OpenSSH signature (SSHSIG, `ssh-keygen -Y sign`).
 * The journal's hash chain makes the head stand for every event before it, so signing this one file
 * signs the whole record, and `ssh-keygen -Y verify` alone can check it.
 */
export const SEAL_FILE = 'seal.json';
export const SEAL_SIGNATURE_FILE = 'seal.json.sig';
export const SEAL_FORMAT = 'oc-pizzas-runbook-seal@v1';

export type SealReason = 'started' | 'checkpoint' | 'resumed' | 'finished';

export interface SealedTranscript {
  /** File name inside the run folder (`app.cast`, `app.2.cast`…). */
  file: string;
  /** Its length when sealed: a finished record's file must be exactly this long. */
  bytes: number;
  /** "sha256:<hex>" of those bytes. */
  sha256: string;
}

export interface Seal {
  format: typeof SEAL_FORMAT;
  runId: string;
  /** The last journal line covered: its seq and "sha256:<hex>" of its bytes (as in journal.head). */
  head: { seq: number; hash: string };
  /** The last covered event is run-finished. */
  finished: boolean;
  transcripts: SealedTranscript[];
  reason: SealReason;
  sealedAt: string;
  signer: { principal: string; fingerprint: string; publicKey: string };
}

/** Every `*.cast` file of the folder is a transcript the seal must cover (an added one is not covered). */
export const isTranscriptFile = (name: string): boolean => name.endsWith('.cast');

/** The exact bytes that are signed: two-space JSON and a final newline. */
export function serializeSeal(seal: Seal): string {
  return JSON.stringify(seal, null, 2) + '\n';
}

/** Parses seal.json; throws with a message saying what is wrong. */
export function parseSeal(text: string): Seal {
  const value = JSON.parse(text) as Partial<Seal>;
  const ok =
    value?.format === SEAL_FORMAT &&
    typeof value.runId === 'string' &&
    Number.isInteger(value.head?.seq) &&
    typeof value.head?.hash === 'string' &&
    typeof value.finished === 'boolean' &&
    Array.isArray(value.transcripts) &&
    value.transcripts.every(
      (t) => typeof t?.file === 'string' && Number.isInteger(t.bytes) && typeof t.sha256 === 'string',
    ) &&
    typeof value.sealedAt === 'string' &&
    typeof value.signer?.principal === 'string' &&
    typeof value.signer?.fingerprint === 'string';
  if (!ok) throw new Error(`not a ${SEAL_FORMAT} seal`);
  return value as Seal;
}

/** Writes `<file>.tmp` durably (write + fsync) and returns its path, for a rename into place. */
export function writeTempFile(file: string, content: string): string {
  const tmp = file + '.tmp';
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return tmp;
}

/**
 * Hashes the run's transcripts as they grow: each checkpoint reads only the bytes written since the last
 * one (Hash.copy() gives the digest so far without ending the running hash).
 */
export class TranscriptHasher {
  private readonly files = new Map<string, { bytes: number; hash: Hash }>();

  constructor(private readonly dir: string) {}

  snapshot(): SealedTranscript[] {
    const names = fs.readdirSync(this.dir).filter(isTranscriptFile).sort();
    return names.map((file) => {
      let entry = this.files.get(file);
      if (!entry) {
        entry = { bytes: 0, hash: createHash('sha256') };
        this.files.set(file, entry);
      }
      const fd = fs.openSync(path.join(this.dir, file), 'r');
      try {
        const size = fs.fstatSync(fd).size;
        if (size > entry.bytes) {
          const chunk = Buffer.alloc(size - entry.bytes);
          let read = 0;
          while (read < chunk.length) {
            const n = fs.readSync(fd, chunk, read, chunk.length - read, entry.bytes + read);
            if (n === 0) break;
            read += n;
          }
          entry.hash.update(chunk.subarray(0, read));
          entry.bytes += read;
        }
      } finally {
        fs.closeSync(fd);
      }
      return { file, bytes: entry.bytes, sha256: 'sha256:' + entry.hash.copy().digest('hex') };
    });
  }
}

/** sha256 of a file's first `bytes` bytes (the verifier's side of TranscriptHasher). */
export function hashFilePrefix(file: string, bytes: number): string {
  const data = fs.readFileSync(file);
  return 'sha256:' + createHash('sha256').update(data.subarray(0, bytes)).digest('hex');
}
