/** Real sealed run folders for unit tests: a Journal, a transcript file and a RunSealer with a real key. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { keyFileSigner, RUN_SEAL_NAMESPACE, type RecordSigner } from '../../signing/signer';
import { allowedSignersLine } from '../../signing/ssh-keygen';
import type { RunEventBody } from '../events';
import { Journal } from '../journal';
import { sha256Ref } from '../journal-format';
import { sealJournal } from '../sealer';
import { runStarted } from './run-events';

/** An unencrypted Ed25519 key file made by ssh-keygen in `dir` (a test key, never a real one). */
export async function testKey(
  dir: string,
  principal: string,
): Promise<{ file: string; signer: RecordSigner }> {
  const file = path.join(dir, `${principal.replace(/[^a-z0-9]/gi, '_')}.key`);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', principal, '-f', file]);
  return { file, signer: await keyFileSigner(file, principal) };
}

export function writeAllowedSigners(file: string, signers: RecordSigner[]): void {
  fs.writeFileSync(
    file,
    signers.map((s) => allowedSignersLine(s.principal, s.publicKey, RUN_SEAL_NAMESPACE) + '\n').join(''),
  );
}

/**
 * A run of `bodies` (run-started first) with an app.cast written beside it, sealed after each event and
 * at the end like runner.ts does. `finish: false` leaves it as a killed run would: no final seal.
 */
export async function sealedRun(
  dir: string,
  runId: string,
  signer: RecordSigner,
  bodies: RunEventBody[],
  options: { finish?: boolean; afterSealed?: RunEventBody[] } = {},
): Promise<void> {
  const journal = Journal.create(dir, runId, { now: () => new Date('2026-11-25T10:00:00Z') });
  const cast = path.join(dir, 'app.cast');
  fs.writeFileSync(cast, '{"version":2,"width":80,"height":24}\n', { mode: 0o600 });
  const sealed = sealJournal(journal, signer);
  for (const [i, body] of [runStarted({ runId }), ...bodies].entries()) {
    sealed.append(body);
    fs.appendFileSync(cast, JSON.stringify([i, 'o', `output of event ${i}\r\n`]) + '\n');
    await sealed.flush();
  }
  if (options.finish !== false) await sealed.finish();
  // What a killed run leaves: events (and output) written after its last checkpoint, unsealed.
  for (const body of options.afterSealed ?? []) {
    journal.append(body);
    fs.appendFileSync(cast, JSON.stringify([99, 'o', 'late output\r\n']) + '\n');
  }
  journal.close();
  if (sealed.errors.length) throw new Error(sealed.errors.join('; '));
}

/** Rewrites every line through `edit`, then re-chains every prev and rewrites journal.head: a full forgery. */
export function rechain(dir: string, runId: string, edit: (event: Record<string, unknown>) => void): void {
  const file = path.join(dir, 'journal.jsonl');
  const events = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  let prev = sha256Ref(runId);
  const lines: string[] = [];
  for (const event of events) {
    edit(event);
    event.prev = prev;
    const line = JSON.stringify(event);
    lines.push(line);
    prev = sha256Ref(line);
  }
  fs.writeFileSync(file, lines.map((l) => l + '\n').join(''));
  fs.writeFileSync(
    path.join(dir, 'journal.head'),
    JSON.stringify({ runId, seq: events.length - 1, hash: prev }) + '\n',
  );
}
