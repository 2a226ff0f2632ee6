import type { RunEvent } from './events';
import { describeRecordStatus } from './record-verify';
import { buildReport, type ReportStep, type RunReport } from './report-model';

export { buildReport } from './report-model';
export type { RunReport, ReportStep, ReportStepStatus } from './report-model';

export type ReportFormat = 'md' | 'json';

export interface ReportOptions {
  /** Result of verifying the journal, shown in the header. */
  verification?: RunReport['verification'];
}

/** The report of a run: Markdown for people, JSON (the same content) for tools. */
export function renderReport(events: RunEvent[], format: ReportFormat, options: ReportOptions = {}): string {
  const report = buildReport(events, options.verification);
  return format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderMarkdown(report);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return minutes < 60
    ? `${minutes} min ${String(rest).padStart(2, '0')} s`
    : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const STATUS_LABEL: Record<ReportStep['status'], string> = {
  succeeded: '✅ succeeded',
  failed: '❌ failed',
  skipped: '⏭ skipped',
  interrupted: '⚠️ interrupted',
  ticked: '☑️ ticked',
  pending: '· not run',
};

/**
 * What keeps the outcome from being a clean one, after it: ", with 1 failed step skipped (b) and 2 warnings".
 * Empty for a run with neither (run-concerns.ts).
 */
export function concernsText(r: Pick<RunReport, 'skippedFailures' | 'warnings'>): string {
  const parts: string[] = [];
  const skipped = r.skippedFailures.length;
  if (skipped)
    parts.push(`${skipped} failed step${skipped === 1 ? '' : 's'} skipped (${r.skippedFailures.join(', ')})`);
  if (r.warnings) parts.push(`${r.warnings} warning${r.warnings === 1 ? '' : 's'}`);
  return parts.length ? `, with ${parts.join(' and ')}` : '';
}

/** Terminal output made readable as plain text: no colour codes, no carriage returns. */
export function plainText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g, '')
      .replace(/\r\n/g, '\n')
      .replace(/\r/g, '\n')
  );
}

/** A fence longer than any backtick run inside, so output can never close it early. */
function fenced(text: string, lang = 'text'): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\n*$/, '')}\n${fence}`;
}

/**
 * Run text (titles, reasons, names, operator, server labels) as Markdown text: Markdown renders raw HTML,
 * so `<`, `>` and `&` become entities (displayed as typed, never parsed as a tag). Fenced blocks need none.
 */
function md(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A code span that the text cannot close: delimited by one backtick more than its longest run. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const tick = '`'.repeat(longest + 1);
  return longest ? `${tick} ${text} ${tick}` : `${tick}${text}${tick}`;
}

function cell(text: string): string {
  return md(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function exitText(step: ReportStep): string {
  if (step.kind === 'manual') return '—';
  if (step.timedOut) return `${step.exitCode ?? '—'} (timeout)`;
  if (step.cancelled) return `${step.exitCode ?? '—'} (cancelled)`;
  return step.exitCode === null ? '—' : String(step.exitCode);
}

function stepNote(step: ReportStep): string {
  if (step.status === 'skipped')
    return `${step.skippedBy === 'unless' ? 'unless' : 'skipped'}: ${step.skipReason ?? ''}`;
  if (step.tickedBy) return `ticked by ${step.tickedBy}`;
  if (step.confirmedBy) return `confirmed by ${step.confirmedBy}`;
  return step.attempts > 1 ? `${step.attempts} attempts` : '';
}

function renderMarkdown(r: RunReport): string {
  const lines: string[] = [];
  lines.push(`# Run report: ${md(r.runbook.title)}`, '');
  const verification = !r.verification
    ? 'not checked'
    : describeRecordStatus(r.verification, r.verification.problems);
  lines.push(
    `- **Run**: ${code(r.runId)}`,
    `- **Runbook**: ${code(r.runbook.id)} (${md(r.runbook.file)}), ${md(r.runbook.hash)}`,
    `- **Operator**: ${md(r.operator)} on ${md(r.host)} (${md(r.app)})`,
    `- **Started**: ${md(r.startedAt)}`,
    `- **Duration**: ${formatDuration(r.durationMs)}`,
    `- **Outcome**: **${r.outcome}**${r.reason ? ` (${md(r.reason)})` : ''}${md(concernsText(r))}`,
    `- **Record**: ${md(verification)}`,
  );
  if (r.resumedFrom) lines.push(`- **Resumes run**: ${code(r.resumedFrom)}`);
  for (const resume of r.resumes)
    lines.push(`- **Resumed** at ${md(resume.at)} from step ${code(resume.fromStep)}`);
  lines.push('', '## Servers', '', '| role | server | address |', '| --- | --- | --- |');
  for (const s of r.servers)
    lines.push(`| ${s.role} | ${cell(s.label)} | ${cell(`${s.user}@${s.host}:${s.port}`)} |`);
  const variables = Object.entries(r.variables);
  if (variables.length) {
    lines.push('', '## Variables', '', '| name | value |', '| --- | --- |');
    for (const [name, value] of variables) lines.push(`| ${cell(name)} | ${cell(value)} |`);
  }
  lines.push('', '## Steps', '', '| # | step | server | status | exit | duration | note |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  r.steps.forEach((s, i) => {
    const name = s.ref ? `${s.name} (${s.ref})` : s.name;
    lines.push(
      `| ${i + 1} | ${cell(name)} | ${s.target ?? '—'} | ${STATUS_LABEL[s.status]} | ${exitText(s)} | ` +
        `${formatDuration(s.durationMs)} | ${cell(stepNote(s))} |`,
    );
  });
  lines.push('', '## Output');
  for (const s of r.steps) {
    if (s.status === 'pending') continue;
    lines.push(
      '',
      `### ${md(s.name)}`,
      '',
      `Status: ${s.status}, exit ${exitText(s)}, ${formatDuration(s.durationMs)}`,
    );
    if (s.previousAttempts?.length)
      lines.push(
        '',
        'Earlier attempts: ' +
          s.previousAttempts
            .map(
              (a) =>
                `#${a.attempt} ${a.status}` +
                (a.timedOut ? ' (timeout)' : a.cancelled ? ' (cancelled)' : '') +
                (a.exitCode !== null ? `, exit ${a.exitCode}` : ''),
            )
            .join('; '),
      );
    if (s.command) lines.push('', s.kind === 'file' ? `File: ${code(s.command)}` : fenced(s.command, 'sh'));
    if (s.file) lines.push('', s.file.changed ? fenced(s.file.diff, 'diff') : 'File unchanged.');
    else if (s.output) lines.push('', fenced(plainText(s.output)));
  }
  return lines.join('\n') + '\n';
}
