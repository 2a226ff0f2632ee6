/**
 * What an attacker with write access to the data directory can do to a run folder, written the way such
 * an attacker would: plain fs, node:crypto and ssh-keygen, nothing of the app (so a bug in our journal code
 * cannot make an attack look weaker than it is). Each function edits a run folder in place.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const sha = (data: string | Buffer) => 'sha256:' + createHash('sha256').update(data).digest('hex');

function readEvents(dir: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Rewrites every event through `edit`, re-chains every prev and rewrites journal.head to match. */
function rewriteJournal(dir: string, edit: (event: Record<string, unknown>) => void): void {
  const events = readEvents(dir);
  const runId = String(events[0]?.runId);
  let prev = sha(runId);
  let out = '';
  for (const event of events) {
    edit(event);
    event.prev = prev;
    const line = JSON.stringify(event);
    out += line + '\n';
    prev = sha(line);
  }
  fs.writeFileSync(path.join(dir, 'journal.jsonl'), out);
  fs.writeFileSync(
    path.join(dir, 'journal.head'),
    JSON.stringify({ runId, seq: events.length - 1, hash: prev }) + '\n',
  );
}

/** A correctly chained run-finished 'succeeded' appended to an interrupted run; journal.head left alone. */
export function forgeFinalEvent(dir: string): void {
  const file = path.join(dir, 'journal.jsonl');
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const last = JSON.parse(lines.at(-1) as string) as { seq: number; ts: string };
  const forged = {
    seq: last.seq + 1,
    ts: last.ts,
    prev: sha(lines.at(-1) as string),
    type: 'run-finished',
    outcome: 'succeeded',
  };
  fs.appendFileSync(file, JSON.stringify(forged) + '\n');
}

/** Every step's output and the operator rewritten, every prev re-chained, journal.head and the .cast rewritten. */
export function rechainEverything(dir: string): void {
  rewriteJournal(dir, (event) => {
    if (event.type === 'run-started') event.operator = 'mallory@elsewhere';
    if (event.type === 'step-finished') event.output = 'everything fine\n';
  });
  const cast = path.join(dir, 'app.cast');
  fs.writeFileSync(cast, fs.readFileSync(cast, 'utf8').replace(/prêt/g, 'PRÊT'));
}

/** One byte of a transcript's output changed, its length kept. */
export function editTranscript(dir: string): void {
  const cast = path.join(dir, 'app.cast');
  const text = fs.readFileSync(cast, 'utf8');
  const at = text.indexOf('dossier');
  if (at < 0) throw new Error('app.cast has no "dossier" to edit');
  fs.writeFileSync(cast, text.slice(0, at) + 'D' + text.slice(at + 1));
}

export function removeSignature(dir: string): void {
  fs.rmSync(path.join(dir, 'seal.json.sig'));
}

/**
 * The full forgery with the attacker's own key: journal rewritten and re-chained, a new seal.json with
 * correct hashes of everything, signed by `ssh-keygen -Y sign` with `keyFile`, claiming `principal`.
 */
export function resealWithKey(dir: string, keyFile: string, principal: string): void {
  rechainEverything(dir);
  const seal = JSON.parse(fs.readFileSync(path.join(dir, 'seal.json'), 'utf8')) as Record<string, unknown>;
  const events = fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean);
  seal.head = { seq: events.length - 1, hash: sha(events.at(-1) as string) };
  seal.transcripts = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.cast'))
    .sort()
    .map((file) => {
      const data = fs.readFileSync(path.join(dir, file));
      return { file, bytes: data.length, sha256: sha(data) };
    });
  seal.signer = { ...(seal.signer as object), principal };
  const text = JSON.stringify(seal, null, 2) + '\n';
  fs.writeFileSync(path.join(dir, 'seal.json'), text);
  const signature = execFileSync(
    'ssh-keygen',
    ['-Y', 'sign', '-n', 'oc-pizzas-runbook-run@v1', '-f', keyFile],
    {
      input: text,
      stdio: ['pipe', 'pipe', 'ignore'],
    },
  );
  fs.writeFileSync(path.join(dir, 'seal.json.sig'), signature);
}
