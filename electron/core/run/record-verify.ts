import fs from 'node:fs';
import path from 'node:path';
import { RUN_SEAL_NAMESPACE } from '../signing/signer';
import { sshCheckNoValidate, sshVerify } from '../signing/ssh-keygen';
import type { RecordStatus } from '../contract/types';
import type { RunEvent } from './events';
import {
  hashFilePrefix,
  isTranscriptFile,
  parseSeal,
  SEAL_FILE,
  SEAL_SIGNATURE_FILE,
  type Seal,
} from './seal-format';
import { describeProblem, verifyJournal, type JournalProblem } from './verify';

/**
 * The three answers about a run record (RecordState) (docs/run-records.md):
 * - signed: the journal, its head and every transcript are exactly what the seal names, and the seal's
 *   signature is good for a principal of the allowed signers file;
 * - unsigned: intact, but nobody trusted vouches for it (no signature, or a key not allowed);
 * - broken: something does not add up; every problem found is listed.
 */
export type { RecordState } from '../contract/types';
type UnsignedReason = NonNullable<RecordStatus['unsignedReason']>;

export interface RecordVerdict extends RecordStatus {
  /** Every problem (broken), journal ones naming their line of journal.jsonl. */
  problems: JournalProblem[];
  notes: string[];
  events: RunEvent[];
  runId?: string;
  /** seq of the last event the seal covers. */
  sealedSeq?: number;
}

export interface VerifyRecordOptions {
  /** OpenSSH allowed_signers file; a missing file trusts nobody. */
  allowedSigners: string;
}

/** Checks a run folder: hash chain and head (verify.ts), then the seal, the transcripts and the signature. */
export async function verifyRecord(dir: string, options: VerifyRecordOptions): Promise<RecordVerdict> {
  const journal = await verifyJournal(dir);
  const problems = [...journal.problems];
  const base = { notes: journal.notes, events: journal.events, runId: journal.runId };
  const sealFile = path.join(dir, SEAL_FILE);
  const sigFile = path.join(dir, SEAL_SIGNATURE_FILE);
  const hasSig = fs.existsSync(sigFile);
  if (!fs.existsSync(sealFile)) {
    if (hasSig)
      problems.push({ line: 0, message: `${SEAL_SIGNATURE_FILE} is there but ${SEAL_FILE} is missing` });
    return conclude({ ...base, problems, unsignedReason: 'no-seal' });
  }
  const sealText = await sealTextSigned(sealFile, sigFile, hasSig, base.notes);
  let seal: Seal;
  try {
    seal = parseSeal(sealText.toString('utf8'));
  } catch (error) {
    problems.push({ line: 0, message: `${SEAL_FILE} is unreadable: ${(error as Error).message}` });
    return conclude({ ...base, problems });
  }
  checkSealAgainstJournal(seal, journal, problems);
  checkTranscripts(dir, seal, problems);
  const sealed = { ...base, problems, sealedSeq: seal.head.seq };
  if (!hasSig) return conclude({ ...sealed, unsignedReason: 'no-signature' });

  const principal = seal.signer.principal;
  const trusted = fs.existsSync(options.allowedSigners)
    ? await sshVerify({
        allowedSigners: options.allowedSigners,
        principal,
        namespace: RUN_SEAL_NAMESPACE,
        signatureFile: sigFile,
        data: sealText,
      })
    : undefined;
  if (trusted?.ok) return conclude({ ...sealed, principal, fingerprint: trusted.fingerprint });
  // Not trusted: is it a good signature by a key nobody allowed, or no good signature at all?
  const any = await sshCheckNoValidate({
    namespace: RUN_SEAL_NAMESPACE,
    signatureFile: sigFile,
    data: sealText,
  });
  if (any.ok) {
    if (!trusted) base.notes.push(`no allowed signers file at ${options.allowedSigners}: no key is trusted`);
    return conclude({ ...sealed, fingerprint: any.fingerprint, unsignedReason: 'key-not-allowed' });
  }
  problems.push({
    line: 0,
    message: `${SEAL_SIGNATURE_FILE} is not a valid signature of ${SEAL_FILE} (namespace ${RUN_SEAL_NAMESPACE}): ${any.message}`,
  });
  return conclude(sealed);
}

/**
 * The seal the signature is for. The sealer renames the new signature into place, then the new seal
 * (sealer.ts): a run killed between those two renames leaves the new signature beside the old seal.json,
 * and the seal it signs still in seal.json.tmp. That one is then the record's seal (docs/run-records.md,
 * "A run killed while sealing"). Without a seal.json.tmp (every seal that completed), seal.json is.
 */
async function sealTextSigned(sealFile: string, sigFile: string, hasSig: boolean, notes: string[]) {
  const sealText = fs.readFileSync(sealFile);
  const pending = `${sealFile}.tmp`;
  if (!hasSig || !fs.existsSync(pending)) return sealText;
  const signs = async (data: Buffer) =>
    (await sshCheckNoValidate({ namespace: RUN_SEAL_NAMESPACE, signatureFile: sigFile, data })).ok;
  if (await signs(sealText)) return sealText;
  const pendingText = fs.readFileSync(pending);
  if (!(await signs(pendingText))) return sealText;
  notes.push(
    `stopped while sealing: ${SEAL_SIGNATURE_FILE} signs ${SEAL_FILE}.tmp, which is the seal checked`,
  );
  return pendingText;
}

function conclude(
  verdict: Omit<RecordVerdict, 'state'> & { unsignedReason?: UnsignedReason },
): RecordVerdict {
  verdict.problems.sort((a, b) => a.line - b.line);
  if (verdict.problems.length) {
    const { unsignedReason: _ignored, principal: _p, ...rest } = verdict;
    return { ...rest, state: 'broken' };
  }
  return { ...verdict, state: verdict.unsignedReason ? 'unsigned' : 'signed' };
}

/** The seal names the journal's last line: anything past it, or a different line there, fails. */
function checkSealAgainstJournal(
  seal: Seal,
  journal: Awaited<ReturnType<typeof verifyJournal>>,
  problems: JournalProblem[],
): void {
  if (journal.runId !== undefined && seal.runId !== journal.runId)
    problems.push({ line: 0, message: `${SEAL_FILE} is for run ${seal.runId}, not ${journal.runId}` });
  const { seq, hash } = seal.head;
  const count = journal.lineHashes.length;
  if (seq >= count) {
    problems.push({
      line: count + 1,
      message: `${SEAL_FILE} covers seq ${seq} but the journal ends at seq ${count - 1}: signed events were removed`,
    });
    return;
  }
  if (journal.lineHashes[seq] !== hash)
    problems.push({
      line: seq + 1,
      message: `does not match the signed head in ${SEAL_FILE}: the journal was changed after it was signed`,
    });
  if (count - 1 > seq)
    problems.push({
      line: seq + 2,
      message:
        `${count - 1 - seq} event(s) after the signed head (seq ${seq}): added after the last seal, ` +
        'or written by a run killed before its next checkpoint (a resume records them as unsigned)',
    });
}

function checkTranscripts(dir: string, seal: Seal, problems: JournalProblem[]): void {
  const sealed = new Set(seal.transcripts.map((t) => t.file));
  for (const name of fs.readdirSync(dir).filter(isTranscriptFile).sort())
    if (!sealed.has(name))
      problems.push({
        line: 0,
        message: `${name} is not covered by ${SEAL_FILE}: written after the last seal, or added`,
      });
  for (const t of seal.transcripts) {
    const file = path.join(dir, path.basename(t.file));
    if (!fs.existsSync(file)) {
      problems.push({ line: 0, message: `${t.file} is missing (sealed with ${t.bytes} bytes)` });
      continue;
    }
    const size = fs.statSync(file).size;
    if (size < t.bytes) {
      problems.push({ line: 0, message: `${t.file} has ${size} bytes, ${t.bytes} were sealed: it was cut` });
      continue;
    }
    if (hashFilePrefix(file, t.bytes) !== t.sha256)
      problems.push({ line: 0, message: `${t.file} differs from its hash in ${SEAL_FILE}: it was changed` });
    if (size > t.bytes)
      problems.push({
        line: 0,
        message: `${t.file} has ${size - t.bytes} byte(s) after the ${t.bytes} sealed: written after the last seal`,
      });
  }
}

/**
 * What a run folder holds past its seal (events after the signed head, transcripts grown or not listed),
 * read before a resume seals it all; undefined when there is no seal or nothing is past it.
 */
export function unsignedTail(
  dir: string,
  lastSeq: number,
): { events: number; transcripts: string[] } | undefined {
  let seal: Seal;
  try {
    seal = parseSeal(fs.readFileSync(path.join(dir, SEAL_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const sealed = new Map(seal.transcripts.map((t) => [t.file, t.bytes]));
  const transcripts = fs
    .readdirSync(dir)
    .filter(isTranscriptFile)
    .filter((name) => fs.statSync(path.join(dir, name)).size !== sealed.get(name))
    .sort();
  const events = Math.max(0, lastSeq - seal.head.seq);
  return events || transcripts.length ? { events, transcripts } : undefined;
}

/** The verdict without the events, as history, reports and the API carry it. */
export function recordStatusOf(verdict: RecordVerdict): RecordStatus {
  return {
    state: verdict.state,
    ...(verdict.principal ? { principal: verdict.principal } : {}),
    ...(verdict.fingerprint ? { fingerprint: verdict.fingerprint } : {}),
    ...(verdict.unsignedReason ? { unsignedReason: verdict.unsignedReason } : {}),
  };
}

/** One line for people: what a report header, `runbook history` and `runbook verify` say. */
export function describeRecordStatus(status: RecordStatus, problems: string[] = []): string {
  switch (status.state) {
    case 'signed':
      return `SIGNED by ${status.principal} (${status.fingerprint}) and intact`;
    case 'unsigned':
      return status.unsignedReason === 'key-not-allowed'
        ? `INTACT but signed by a key not in the allowed signers (${status.fingerprint})`
        : `INTACT but UNSIGNED (${status.unsignedReason === 'no-signature' ? 'the signature is missing' : 'no seal'})`;
    case 'broken':
      return `BROKEN: ${problems.join('; ') || 'see runbook verify'}`;
  }
}

/** The verdict as a report header carries it (report-model.ts): state, signer, problems as text. */
export function reportVerification(
  verdict: RecordVerdict,
  file?: string,
): RecordStatus & { ok: boolean; problems: string[] } {
  return {
    ...recordStatusOf(verdict),
    ok: verdict.state !== 'broken',
    problems: verdict.problems.map((p) => describeProblem(p, file)),
  };
}
