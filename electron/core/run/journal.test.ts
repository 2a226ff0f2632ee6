import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEventBody } from './events';
import { Journal, JournalError } from './journal';
import { HEAD_FILE, JOURNAL_FILE, sha256Ref } from './journal-format';
import { describeProblem, readJournal, verifyJournal } from './verify';

let root: string;
let dir: string;
const runId = '2026-11-25T12-30-00Z-deploy-ab12';

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-test-'));
  dir = path.join(root, 'runs', runId);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const started: RunEventBody = {
  type: 'run-started',
  runId,
  runbookId: 'deploy',
  runbookTitle: 'Déploiement',
  runbookFile: 'runbooks/deploy.md',
  runbookHash: 'sha256:00',
  operator: 'alice',
  host: 'laptop',
  app: 'runbook 0.1.0',
  servers: [{ role: 'app', id: 'app', label: 'app', host: '127.0.0.1', port: 22, user: 'deploy' }],
  variables: { domain: 'oc-pizzas.com', db_password: '[secret]' },
  steps: [{ name: 'create-db', kind: 'shell', target: 'db' }],
};

function step(n: number): RunEventBody {
  return { type: 'step-started', step: `step-${n}`, target: 'app', command: `echo ${n}`, attempt: 1 };
}

/** A journal of 5 events: run-started and 4 steps. */
function writeFive(): Journal {
  const journal = Journal.create(dir, runId, { now: () => new Date('2026-11-25T12:30:00Z') });
  journal.append(started);
  for (let n = 1; n <= 4; n++) journal.append(step(n));
  return journal;
}

const file = () => path.join(dir, JOURNAL_FILE);
const lines = () => fs.readFileSync(file(), 'utf8').split('\n').slice(0, -1);
const writeLines = (ls: string[]) => fs.writeFileSync(file(), ls.map((l) => l + '\n').join(''));

describe('Journal', () => {
  it('writes a hash chain that verifies, with seq, ts and prev', async () => {
    writeFive().close();
    const ls = lines();
    expect(ls).toHaveLength(5);
    const events = ls.map((l) => JSON.parse(l));
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(events[0].prev).toBe(sha256Ref(runId));
    expect(events[1].prev).toBe(sha256Ref(ls[0] as string));
    expect(events[0].ts).toBe('2026-11-25T12:30:00.000Z');
    const head = JSON.parse(fs.readFileSync(path.join(dir, HEAD_FILE), 'utf8'));
    expect(head).toEqual({ runId, seq: 4, hash: sha256Ref(ls[4] as string) });
    const result = await verifyJournal(dir);
    expect(result).toMatchObject({ ok: true, problems: [], notes: [], lastSeq: 4, runId });
    expect(result.events).toHaveLength(5);
  });

  it('creates the run folder 0700 and refuses an existing one', () => {
    Journal.create(dir, runId).close();
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(() => Journal.create(dir, runId)).toThrow(JournalError);
  });

  it('redacts every string of an event body when given a redact function', () => {
    const journal = Journal.create(dir, runId, { redact: (s) => s.replaceAll('hunter22', '••••••') });
    const event = journal.append({
      type: 'step-started',
      step: 's',
      command: 'PGPASSWORD=hunter22 psql',
      attempt: 1,
    });
    expect(event).toMatchObject({ command: 'PGPASSWORD=•••••• psql' });
    expect(fs.readFileSync(file(), 'utf8')).not.toContain('hunter22');
  });

  it('reopens a journal and continues the chain', async () => {
    writeFive().close();
    const journal = Journal.open(dir);
    expect(journal.lastSeq).toBe(4);
    expect(journal.append({ type: 'run-resumed', fromStep: 'step-4' }).seq).toBe(5);
    journal.close();
    expect((await verifyJournal(dir)).ok).toBe(true);
  });
});

describe('verifyJournal detects tampering', () => {
  beforeEach(() => writeFive().close());

  it('a modified byte: the chain breaks at the next line, naming the modified one', async () => {
    const ls = lines();
    ls[2] = (ls[2] as string).replace('echo 2', 'echo 9');
    writeLines(ls);
    const result = await verifyJournal(dir);
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.line).toBe(4);
    expect(result.problems[0]?.message).toMatch(/line 3 was modified/);
  });

  it('any single flipped byte anywhere in the file', async () => {
    const original = fs.readFileSync(file());
    for (let offset = 0; offset < original.length; offset++) {
      const damaged = Buffer.from(original);
      damaged[offset] = (damaged[offset] as number) ^ 0x01;
      fs.writeFileSync(file(), damaged);
      const result = await verifyJournal(dir);
      if (result.ok) throw new Error(`a flipped byte at offset ${offset} went undetected`);
    }
  });

  it('a modified last line: detected against the head', async () => {
    const ls = lines();
    ls[4] = (ls[4] as string).replace('echo 4', 'echo 5');
    writeLines(ls);
    const result = await verifyJournal(dir);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ line: 5, message: expect.stringMatching(/modified/) }]);
  });

  it('a deleted middle line: seq gap and chain break', async () => {
    const ls = lines();
    ls.splice(2, 1);
    writeLines(ls);
    const result = await verifyJournal(dir);
    expect(result.ok).toBe(false);
    const messages = result.problems.filter((p) => p.line === 3).map((p) => p.message);
    expect(messages.some((m) => /1 event\(s\) missing/.test(m))).toBe(true);
    expect(messages.some((m) => /prev hash/.test(m))).toBe(true);
  });

  it('a deleted last line: the head is ahead of the journal', async () => {
    writeLines(lines().slice(0, 4));
    const result = await verifyJournal(dir);
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toMatch(/ends at seq 3.*1 trailing event/);
  });

  it('a file truncated mid-line', async () => {
    const data = fs.readFileSync(file());
    fs.writeFileSync(file(), data.subarray(0, data.length - 20));
    const result = await verifyJournal(dir);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.line)).toContain(5);
    expect(result.problems.some((p) => /cut short/.test(p.message))).toBe(true);
    expect(result.problems.some((p) => /trailing event/.test(p.message))).toBe(true);
  });

  it('two swapped lines', async () => {
    const ls = lines();
    [ls[1], ls[2]] = [ls[2] as string, ls[1] as string];
    writeLines(ls);
    const result = await verifyJournal(dir);
    expect(result.ok).toBe(false);
    expect(result.problems.some((p) => p.line === 2 && /out of order|missing/.test(p.message))).toBe(true);
    expect(result.problems.some((p) => p.line === 3 && /prev hash/.test(p.message))).toBe(true);
  });

  it('a missing head on a journal of several events', async () => {
    fs.rmSync(path.join(dir, HEAD_FILE));
    const result = await verifyJournal(dir);
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.message).toMatch(/journal.head is missing/);
  });

  it('fails one event past the head (a forged event looks the same), yet a resume may append after it', async () => {
    const headFile = path.join(dir, HEAD_FILE);
    const head = JSON.parse(fs.readFileSync(headFile, 'utf8'));
    const ls = lines();
    fs.writeFileSync(headFile, JSON.stringify({ runId, seq: 3, hash: sha256Ref(ls[3] as string) }));
    const result = await verifyJournal(dir);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => describeProblem(p))).toEqual([
      expect.stringMatching(/^line 5: written after journal.head \(seq 3\)/),
    ]);
    expect(head.seq).toBe(4);
    // The resume (Journal.open) accepts the crash trace, and the journal verifies again once it moves on.
    const journal = Journal.open(dir);
    journal.append({ type: 'run-resumed', fromStep: 'step-4' });
    journal.close();
    expect(await verifyJournal(dir)).toMatchObject({ ok: true, notes: [] });
  });

  it('fails a correctly chained run-finished appended to an interrupted run without updating the head', async () => {
    const ls = lines();
    const forged = JSON.stringify({
      seq: 5,
      ts: '2026-11-25T12:31:00.000Z',
      prev: sha256Ref(ls[4] as string),
      type: 'run-finished',
      outcome: 'succeeded',
    });
    writeLines([...ls, forged]);
    const result = await verifyJournal(dir);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.line)).toEqual([6]);
  });

  it('fails any event after run-finished other than run-resumed', async () => {
    const journal = Journal.open(dir);
    journal.append({ type: 'run-finished', outcome: 'failed' });
    journal.append({ type: 'step-started', step: 'step-5', target: 'app', attempt: 1 });
    journal.append({ type: 'run-finished', outcome: 'succeeded' });
    journal.close();
    const result = await verifyJournal(dir);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => describeProblem(p))).toEqual([
      'line 7: a step-started event after run-finished (only run-resumed may follow it)',
    ]);
  });

  it('accepts run-resumed after run-finished (a resumed run)', async () => {
    const journal = Journal.open(dir);
    journal.append({ type: 'run-finished', outcome: 'failed' });
    journal.append({ type: 'run-resumed', fromStep: 'step-4' });
    journal.append({ type: 'run-finished', outcome: 'succeeded' });
    journal.close();
    expect(await verifyJournal(dir)).toMatchObject({ ok: true, problems: [] });
  });
});

describe('describeProblem names each problem line once', () => {
  beforeEach(() => writeFive().close());

  const damages: Record<string, (ls: string[]) => string[]> = {
    'a modified middle line': (ls) => ls.map((l, i) => (i === 2 ? l.replace('echo 2', 'echo 9') : l)),
    'a modified last line': (ls) => ls.map((l, i) => (i === 4 ? l.replace('echo 4', 'echo 5') : l)),
    'two swapped lines': (ls) => [ls[0], ls[2], ls[1], ls[3], ls[4]] as string[],
    'a line that is not JSON': (ls) => ls.map((l, i) => (i === 3 ? '{oops' : l)),
    'a line that is not an event': (ls) => ls.map((l, i) => (i === 3 ? '{"seq":3}' : l)),
    'a first line with another run id': (ls) => ls.map((l, i) => (i === 0 ? l.replace(runId, 'other') : l)),
  };

  for (const [name, damage] of Object.entries(damages)) {
    it(name, async () => {
      writeLines(damage(lines()));
      const result = await verifyJournal(dir);
      expect(result.ok).toBe(false);
      for (const problem of result.problems.filter((p) => p.line > 0)) {
        const text = describeProblem(problem);
        expect(text.startsWith(`line ${problem.line}: `)).toBe(true);
        // "line 3: line 3: …" was the bug: the message repeated the number describeProblem adds
        expect(text.split(`line ${problem.line}`)).toHaveLength(2);
      }
    });
  }

  it('names the file when asked, and leaves whole-journal problems as they are', () => {
    expect(describeProblem({ line: 4, message: 'x' }, 'journal.jsonl')).toBe('journal.jsonl line 4: x');
    expect(describeProblem({ line: 0, message: 'journal.head is missing' }, 'journal.jsonl')).toBe(
      'journal.head is missing',
    );
  });

  it('Journal.open says the bad line once', () => {
    writeLines(lines().map((l, i) => (i === 2 ? l.replace('echo 2', 'echo 9') : l)));
    expect(() => Journal.open(dir)).toThrow(
      /cannot append to .*journal\.jsonl: line 4: does not chain to the line before it/,
    );
  });
});

describe('readJournal and Journal.open after damage', () => {
  beforeEach(() => writeFive().close());

  it('readJournal stops at the first bad line and reports it', async () => {
    const ls = lines();
    ls[2] = (ls[2] as string).replace('echo 2', 'echo 9');
    writeLines(ls);
    const read = await readJournal(dir);
    expect(read.events).toHaveLength(3);
    expect(read.problem?.line).toBe(4);
    expect(read.partialTailOnly).toBe(false);
  });

  it('open() refuses a tampered journal', () => {
    writeLines(lines().slice(0, 3));
    expect(() => Journal.open(dir)).toThrow(/journal.head records seq 4/);
  });

  it('open() sets aside a last line cut short by a crash, then appends a valid chain', async () => {
    const journal = Journal.open(dir);
    journal.close();
    fs.appendFileSync(file(), '{"seq":5,"ts":"2026-11-25T12:3'); // crash mid-write of event 5
    const reopened = Journal.open(dir);
    expect(reopened.recoveryNote).toMatch(/line 6 .*cut short/);
    expect(fs.readFileSync(path.join(dir, 'journal.partial-6.jsonl'), 'utf8')).toBe(
      '{"seq":5,"ts":"2026-11-25T12:3',
    );
    reopened.append({ type: 'run-resumed', fromStep: 'step-4' });
    reopened.close();
    expect(await verifyJournal(dir)).toMatchObject({ ok: true, lastSeq: 5 });
  });
});
