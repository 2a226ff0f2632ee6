#!/usr/bin/env node
// An independent verifier of a run folder, written from docs/run-records.md alone: it imports nothing of the
// app, only Node's fs/crypto and OpenSSH's ssh-keygen. Its answers must agree with `runbook verify` (tested
// in e2e/integration/run-records.test.ts).
//
//   node e2e/verify-record.mjs <run folder> <allowed_signers file> [--json]
//
// Exit: 0 signed and intact, 3 intact but unsigned, 1 broken, 2 usage.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const NAMESPACE = 'oc-pizzas-runbook-run@v1';
const ref = (bytes) => 'sha256:' + createHash('sha256').update(bytes).digest('hex');

function splitLines(data) {
  const lines = [];
  let start = 0;
  while (start < data.length) {
    const nl = data.indexOf(0x0a, start);
    if (nl === -1) {
      lines.push({ bytes: data.subarray(start), complete: false });
      break;
    }
    lines.push({ bytes: data.subarray(start, nl), complete: true });
    start = nl + 1;
  }
  return lines;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function verifyFolder(dir, allowedSigners) {
  const problems = [];
  const lines = splitLines(fs.readFileSync(path.join(dir, 'journal.jsonl')));
  const events = lines.map((line, i) => {
    if (!line.complete) return (problems.push(`line ${i + 1}: cut short`), undefined);
    try {
      const e = JSON.parse(line.bytes.toString('utf8'));
      const ok =
        e &&
        Number.isInteger(e.seq) &&
        typeof e.ts === 'string' &&
        typeof e.prev === 'string' &&
        typeof e.type === 'string';
      if (!ok) problems.push(`line ${i + 1}: not an event`);
      return ok ? e : undefined;
    } catch {
      return (problems.push(`line ${i + 1}: not JSON`), undefined);
    }
  });
  const hashes = lines.filter((l) => l.complete).map((l) => ref(l.bytes));

  let head;
  const headFile = path.join(dir, 'journal.head');
  if (fs.existsSync(headFile)) {
    try {
      head = readJson(headFile);
    } catch {
      problems.push('journal.head unreadable');
    }
  } else if (lines.length > 1) problems.push('journal.head missing');
  const runId = head?.runId ?? (events[0]?.type === 'run-started' ? events[0].runId : undefined);

  // The chain: seq = index, prev = hash of the line before (of the run id for line 0).
  events.forEach((e, i) => {
    if (!e) return;
    if (e.seq !== i) problems.push(`line ${i + 1}: seq ${e.seq}`);
    const expected =
      i === 0 ? (runId === undefined ? undefined : ref(Buffer.from(runId, 'utf8'))) : hashes[i - 1];
    if (e.prev !== expected) problems.push(`line ${i + 1}: prev does not chain`);
    if (i === 0 && (e.type !== 'run-started' || e.runId !== runId))
      problems.push('line 1: not the run-started of this run');
    if (i > 0 && events[i - 1]?.type === 'run-finished' && e.type !== 'run-resumed')
      problems.push(`line ${i + 1}: ${e.type} after run-finished`);
  });
  const last = hashes.length - 1;
  if (head && (head.seq !== last || head.hash !== hashes[last]))
    problems.push(`journal.head names seq ${head.seq}, the journal ends at seq ${last}`);

  // The seal.
  const sealFile = path.join(dir, 'seal.json');
  const sigFile = path.join(dir, 'seal.json.sig');
  if (!fs.existsSync(sealFile)) {
    if (fs.existsSync(sigFile)) problems.push('seal.json.sig without seal.json');
    return conclude(problems, { reason: 'no-seal' });
  }
  let sealBytes = fs.readFileSync(sealFile);
  // Killed while sealing (docs: "A run killed while sealing"): the signature may be for seal.json.tmp.
  const pending = `${sealFile}.tmp`;
  if (fs.existsSync(sigFile) && fs.existsSync(pending)) {
    const signs = (bytes) =>
      spawnSync('ssh-keygen', ['-Y', 'check-novalidate', '-n', NAMESPACE, '-s', sigFile], { input: bytes })
        .status === 0;
    const pendingBytes = fs.readFileSync(pending);
    if (!signs(sealBytes) && signs(pendingBytes)) sealBytes = pendingBytes;
  }
  let seal;
  try {
    seal = JSON.parse(sealBytes.toString('utf8'));
    if (seal.format !== 'oc-pizzas-runbook-seal@v1') throw new Error('format');
  } catch {
    problems.push('seal.json unreadable');
    return conclude(problems, {});
  }
  if (runId !== undefined && seal.runId !== runId) problems.push('seal.json is for another run');
  if (!(seal.head.seq <= last)) problems.push('seal.json names events the journal does not have');
  else {
    if (hashes[seal.head.seq] !== seal.head.hash)
      problems.push(`line ${seal.head.seq + 1}: differs from the signed head`);
    if (last > seal.head.seq) problems.push(`${last - seal.head.seq} event(s) after the signed head`);
  }
  const listed = new Map(seal.transcripts.map((t) => [t.file, t]));
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.cast')))
    if (!listed.has(name)) problems.push(`${name} not covered by the seal`);
  for (const t of seal.transcripts) {
    const file = path.join(dir, path.basename(t.file));
    if (!fs.existsSync(file)) {
      problems.push(`${t.file} missing`);
      continue;
    }
    const data = fs.readFileSync(file);
    if (data.length !== t.bytes) problems.push(`${t.file} has ${data.length} bytes, ${t.bytes} sealed`);
    if (data.length >= t.bytes && ref(data.subarray(0, t.bytes)) !== t.sha256)
      problems.push(`${t.file} changed`);
  }

  // The signature, by ssh-keygen: for the seal's principal in allowed_signers, else for any key at all.
  if (!fs.existsSync(sigFile)) return conclude(problems, { reason: 'no-signature' });
  const principal = String(seal.signer?.principal ?? '');
  const run = (args) => spawnSync('ssh-keygen', args, { input: sealBytes, encoding: 'utf8' });
  const trusted = fs.existsSync(allowedSigners)
    ? run(['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', NAMESPACE, '-s', sigFile])
    : { status: 1, stdout: '' };
  const fingerprint = (out) => /key (SHA256:[A-Za-z0-9+/]+)/.exec(out)?.[1];
  if (trusted.status === 0)
    return conclude(problems, { principal, fingerprint: fingerprint(trusted.stdout) });
  const any = run(['-Y', 'check-novalidate', '-n', NAMESPACE, '-s', sigFile]);
  if (any.status === 0)
    return conclude(problems, { reason: 'key-not-allowed', fingerprint: fingerprint(any.stdout) });
  problems.push('seal.json.sig is not a valid signature of seal.json');
  return conclude(problems, {});
}

function conclude(problems, found) {
  if (problems.length) return { state: 'broken', problems };
  if (found.reason)
    return { state: 'unsigned', unsignedReason: found.reason, fingerprint: found.fingerprint, problems };
  return { state: 'signed', principal: found.principal, fingerprint: found.fingerprint, problems };
}

const [dir, allowed, flag] = process.argv.slice(2);
if (!dir || !allowed) {
  console.error('usage: node e2e/verify-record.mjs <run folder> <allowed_signers file> [--json]');
  process.exit(2);
}
const verdict = verifyFolder(dir, allowed);
if (flag === '--json') console.log(JSON.stringify(verdict));
else {
  for (const p of verdict.problems) console.log(p);
  console.log(
    verdict.state === 'signed'
      ? `signed by ${verdict.principal} (${verdict.fingerprint}) and intact`
      : verdict.state === 'unsigned'
        ? `intact but unsigned (${verdict.unsignedReason})`
        : `broken (${verdict.problems.length} problem(s))`,
  );
}
process.exit(verdict.state === 'signed' ? 0 : verdict.state === 'unsigned' ? 3 : 1);
