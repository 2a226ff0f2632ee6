import fs from 'node:fs';
import { runDir } from '../core/data-dir';
import { listRuns } from '../core/run/history';
import { formatDuration, renderReport } from '../core/run/report';
import { describeProblem, verifyJournal } from '../core/run/verify';
import { EXIT, dataDirOf, usage, type ParsedCli } from './args';
import type { Output } from './output';

function existingRunDir(cli: ParsedCli, command: string): string {
  const runId = cli.positionals[0];
  if (!runId) throw usage(`${command} needs a run id: runbook ${command} <run-id> (see runbook history)`);
  if (runId.includes('/') || runId.includes('\\') || runId.startsWith('.'))
    throw usage(`run id "${runId}" is not a run id (see runbook history)`);
  const dir = runDir(dataDirOf(cli), runId);
  if (!fs.existsSync(dir))
    throw usage(`there is no run "${runId}" in ${dataDirOf(cli)} (see runbook history)`);
  return dir;
}

export async function historyCommand(cli: ParsedCli, out: Output): Promise<number> {
  const runs = await listRuns(dataDirOf(cli));
  if (cli.values.json) {
    for (const run of runs) out.json(run);
    return EXIT.ok;
  }
  if (!runs.length) out.error(`no runs recorded in ${dataDirOf(cli)}`);
  for (const run of runs) {
    const verified = run.verified ? 'verified' : `NOT VERIFIED (${run.problems[0] ?? ''})`;
    out.line(
      `${run.runId}  ${(run.runbookId ?? '?').padEnd(24)} ${run.outcome.padEnd(11)} ` +
        `${formatDuration(run.durationMs).padEnd(12)} ${run.operator ?? ''}  ${verified}`,
    );
  }
  return EXIT.ok;
}

export async function reportCommand(cli: ParsedCli, out: Output): Promise<number> {
  const format = cli.values.format ?? 'md';
  if (format !== 'md' && format !== 'json') throw usage(`--format must be md or json, not "${format}"`);
  const dir = existingRunDir(cli, 'report');
  const result = await verifyJournal(dir);
  const verification = {
    ok: result.ok,
    problems: result.problems.map((p) => describeProblem(p)),
  };
  if (!result.events.some((e) => e.type === 'run-started'))
    throw usage(`the journal of ${cli.positionals[0]} has no run-started event: nothing to report`);
  out.write(renderReport(result.events, format, { verification }));
  return EXIT.ok;
}

export async function verifyCommand(cli: ParsedCli, out: Output): Promise<number> {
  const dir = existingRunDir(cli, 'verify');
  const result = await verifyJournal(dir);
  if (cli.values.json) {
    out.json({ ok: result.ok, problems: result.problems, notes: result.notes, events: result.events.length });
  } else {
    for (const note of result.notes) out.line(`note: ${note}`);
    for (const p of result.problems) out.line(describeProblem(p));
    out.line(
      result.ok
        ? `OK: the journal of ${cli.positionals[0]} verifies (${result.events.length} events, hash chain intact)`
        : `FAILED: the journal of ${cli.positionals[0]} does not verify (${result.problems.length} problem(s))`,
    );
  }
  return result.ok ? EXIT.ok : EXIT.failed;
}
