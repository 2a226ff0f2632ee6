import fs from 'node:fs';
import { runDir } from '../core/data-dir';
import { listRuns } from '../core/run/history';
import { buildReport, formatDuration, renderReport } from '../core/run/report';
import { renderHtmlReport } from '../core/run/report-html';
import {
  describeRecordStatus,
  recordStatusOf,
  reportVerification,
  verifyRecord,
} from '../core/run/record-verify';
import { describeProblem } from '../core/run/verify';
import { EXIT, allowedSignersOf, dataDirOf, usage, type ParsedCli } from './args';
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
  const runs = await listRuns(dataDirOf(cli), allowedSignersOf(cli));
  if (cli.values.json) {
    for (const run of runs) out.json(run);
    return EXIT.ok;
  }
  if (!runs.length) out.error(`no runs recorded in ${dataDirOf(cli)}`);
  for (const run of runs) {
    const verified =
      run.record.state === 'signed'
        ? `signed by ${run.record.principal}`
        : run.record.state === 'unsigned'
          ? run.record.unsignedReason === 'key-not-allowed'
            ? 'UNSIGNED (key not allowed)'
            : 'UNSIGNED'
          : `BROKEN (${run.problems[0] ?? ''})`;
    out.line(
      `${run.runId}  ${(run.runbookId ?? '?').padEnd(24)} ${run.outcome.padEnd(11)} ` +
        `${formatDuration(run.durationMs).padEnd(12)} ${run.operator ?? ''}  ${verified}`,
    );
  }
  return EXIT.ok;
}

export async function reportCommand(cli: ParsedCli, out: Output): Promise<number> {
  const format = cli.values.format ?? 'md';
  if (format !== 'md' && format !== 'json' && format !== 'html')
    throw usage(`--format must be md, json or html, not "${format}"`);
  const dir = existingRunDir(cli, 'report');
  const result = await verifyRecord(dir, { allowedSigners: allowedSignersOf(cli) });
  const verification = reportVerification(result);
  if (!result.events.some((e) => e.type === 'run-started'))
    throw usage(`the journal of ${cli.positionals[0]} has no run-started event: nothing to report`);
  // HTML: the same self-contained page as the app's export (report-html.ts), to attach to a ticket.
  out.write(
    format === 'html'
      ? renderHtmlReport(buildReport(result.events, verification))
      : renderReport(result.events, format, { verification }),
  );
  return EXIT.ok;
}

/**
 * Exit 0: signed by an allowed key and intact; 3: intact but unsigned (or signed by a key not allowed);
 * 1: broken, every problem listed (docs/cli.md, docs/run-records.md).
 */
export async function verifyCommand(cli: ParsedCli, out: Output): Promise<number> {
  const dir = existingRunDir(cli, 'verify');
  const allowedSigners = allowedSignersOf(cli);
  const result = await verifyRecord(dir, { allowedSigners });
  const runId = cli.positionals[0];
  if (cli.values.json) {
    out.json({
      ...recordStatusOf(result),
      ok: result.state !== 'broken',
      problems: result.problems,
      notes: result.notes,
      events: result.events.length,
      ...(result.sealedSeq !== undefined ? { sealedSeq: result.sealedSeq } : {}),
      allowedSigners,
    });
  } else {
    for (const note of result.notes) out.line(`note: ${note}`);
    for (const p of result.problems) out.line(describeProblem(p, 'journal.jsonl'));
    const counts = `${result.events.length} events`;
    out.line(
      result.state === 'signed'
        ? `${describeRecordStatus(result)}: run ${runId} (${counts}, sealed up to seq ${result.sealedSeq})`
        : result.state === 'unsigned'
          ? `${describeRecordStatus(result)}: run ${runId} (${counts}); nobody in ${allowedSigners} vouches for it`
          : `BROKEN: the record of ${runId} does not verify (${result.problems.length} problem(s))`,
    );
  }
  return result.state === 'signed' ? EXIT.ok : result.state === 'unsigned' ? EXIT.unsigned : EXIT.failed;
}
