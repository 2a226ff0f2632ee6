import fs from 'node:fs';
import path from 'node:path';
import type { RecordSigner } from '../signing/signer';
import type { RunEvent, RunEventBody } from './events';
import type { Journal } from './journal';
import {
  SEAL_FILE,
  SEAL_FORMAT,
  SEAL_SIGNATURE_FILE,
  serializeSeal,
  TranscriptHasher,
  writeTempFile,
  type Seal,
  type SealReason,
} from './seal-format';

export interface SealedHead {
  seq: number;
  hash: string;
  finished: boolean;
}

export interface RunSealerOptions {
  dir: string;
  runId: string;
  signer: RecordSigner;
  /** The journal's last written line, read when a checkpoint starts. */
  head: () => SealedHead | undefined;
  now?: () => Date;
  /** Told once per failure (no ssh-keygen, a locked keychain…): the run goes on, its record unsigned. */
  onError?: (error: Error) => void;
}

/**
 * Re-signs a run's seal as the run goes: after each journal event (checkpoint), at a resume and when the
 * run ends, so that a run killed at any point is signed up to its last checkpoint. Checkpoints asked for
 * while one is being signed merge into one more, so a burst of events costs two signatures, not one each.
 * The head and the transcript hashes are read in the same synchronous step (both files are written
 * synchronously by the journal and the recorders), so a seal never mixes two moments.
 */
export class RunSealer {
  private readonly hasher: TranscriptHasher;
  private chain: Promise<void> = Promise.resolve();
  private pending: SealReason | undefined;
  private lastSealedSeq = -1;
  private lastSealedBytes = -1;
  /** The head of the last seal written, undefined before the first. */
  sealed?: { seq: number; hash: string };
  readonly errors: string[] = [];

  constructor(private readonly options: RunSealerOptions) {
    this.hasher = new TranscriptHasher(options.dir);
  }

  /** Asks for a new seal; returns at once (flush() waits for it). */
  checkpoint(reason: SealReason = 'checkpoint'): void {
    const queued = this.pending !== undefined;
    // The strongest reason wins: a final seal stays 'finished' even if a checkpoint merged into it.
    if (!queued || reason !== 'checkpoint') this.pending = reason;
    if (queued) return;
    this.chain = this.chain.then(() => this.sealNow());
  }

  /** Waits until every checkpoint asked for so far is on disk (or has failed). */
  async flush(): Promise<void> {
    // A checkpoint asked for during the last seal chained one more: wait until none is left.
    let before: Promise<void>;
    do {
      before = this.chain;
      await before;
    } while (before !== this.chain);
  }

  private async sealNow(): Promise<void> {
    const reason = this.pending ?? 'checkpoint';
    this.pending = undefined;
    const head = this.options.head();
    if (!head) return;
    const transcripts = this.hasher.snapshot();
    const bytes = transcripts.reduce((n, t) => n + t.bytes, 0);
    // Nothing new since the last seal (a checkpoint merged into one that already covered it).
    if (reason === 'checkpoint' && head.seq === this.lastSealedSeq && bytes === this.lastSealedBytes) return;
    const { signer } = this.options;
    const seal: Seal = {
      format: SEAL_FORMAT,
      runId: this.options.runId,
      head: { seq: head.seq, hash: head.hash },
      finished: head.finished,
      transcripts,
      reason,
      sealedAt: (this.options.now?.() ?? new Date()).toISOString(),
      signer: { principal: signer.principal, fingerprint: signer.fingerprint, publicKey: signer.publicKey },
    };
    const text = serializeSeal(seal);
    try {
      const signature = await signer.sign(text);
      // Both written durably before either is renamed into place (a reader never sees half a file). A
      // crash between the two renames leaves the new signature beside the old seal: verify reports the
      // mismatch, and seal.json.tmp still holds the seal that signature is for.
      const sealFile = path.join(this.options.dir, SEAL_FILE);
      const sigFile = path.join(this.options.dir, SEAL_SIGNATURE_FILE);
      const sigTmp = writeTempFile(sigFile, signature);
      const sealTmp = writeTempFile(sealFile, text);
      fs.renameSync(sigTmp, sigFile);
      fs.renameSync(sealTmp, sealFile);
      this.lastSealedSeq = head.seq;
      this.lastSealedBytes = bytes;
      this.sealed = seal.head;
    } catch (error) {
      const message = (error as Error).message;
      if (!this.errors.includes(message)) {
        this.errors.push(message);
        this.options.onError?.(error as Error);
      }
    }
  }
}

/** A journal whose every append asks for a checkpoint, and whose end seals the record (runner, ad-hoc terminals). */
export interface SealedJournal {
  append(body: RunEventBody): RunEvent;
  /** Closes nothing: call after the journal and the transcripts are closed, to write the last seal. */
  finish(): Promise<void>;
  /** Waits for the checkpoints asked for so far. */
  flush(): Promise<void>;
  /** Signing failures so far, each once. */
  errors: string[];
}

export function sealJournal(
  journal: Journal,
  signer: RecordSigner | undefined,
  onError?: (error: Error) => void,
  /** Called before each checkpoint: the runner writes out the output its recorders hold in memory. */
  beforeCheckpoint?: () => void,
): SealedJournal {
  let lastType: RunEventBody['type'] | undefined;
  const sealer = signer
    ? new RunSealer({
        dir: journal.dir,
        runId: journal.runId,
        signer,
        head: () =>
          journal.lastSeq < 0
            ? undefined
            : { seq: journal.lastSeq, hash: journal.lastHash, finished: lastType === 'run-finished' },
        ...(onError ? { onError } : {}),
      })
    : undefined;
  return {
    append(body) {
      const event = journal.append(body);
      lastType = event.type;
      if (sealer) beforeCheckpoint?.();
      // A checkpoint after every event: a run killed at any point is signed up to there.
      sealer?.checkpoint(
        event.type === 'run-resumed' ? 'resumed' : event.type === 'run-started' ? 'started' : 'checkpoint',
      );
      return event;
    },
    async finish() {
      sealer?.checkpoint('finished');
      await sealer?.flush();
    },
    flush: async () => sealer?.flush(),
    errors: sealer?.errors ?? [],
  };
}
