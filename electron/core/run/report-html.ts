import { concernsText, formatDuration, plainText } from './report';
import { describeRecordStatus } from './record-verify';
import type { ReportStep, RunReport } from './report-model';

/**
 * The run report as one self-contained HTML page (inline CSS, no script, no external resource), to attach
 * to a ticket or archive. Every piece of run text — titles, commands, output, diffs, reasons — comes from
 * servers and engineers, so all of it is escaped: a `<script>` in a step's output must show as text.
 * The Content-Security-Policy meta forbids scripts anyway, as a second line of defence.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STATUS_TEXT: Record<ReportStep['status'], string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  interrupted: 'interrupted',
  ticked: 'ticked',
  pending: 'not run',
};

const CSS = `
:root{color-scheme:light dark;--fg:#1d232b;--muted:#5b6470;--bg:#fff;--line:#d9dee5;--code:#f4f6f8;
--ok:#1a7f37;--bad:#c62828;--warn:#9a6700;--skip:#57606a}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ed;--muted:#a0a8b3;--bg:#14181d;--line:#2c333b;--code:#1c2228;
--ok:#4cc26a;--bad:#ff6b6b;--warn:#e3b341;--skip:#9aa4ae}}
body{font:15px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);max-width:980px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid var(--line)}h3{font-size:1rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:var(--code);padding:.75rem;overflow:auto;white-space:pre-wrap;word-break:break-word}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:var(--muted)}dd{margin:0}
.s{font-weight:600}.s-succeeded,.s-ticked,.ok{color:var(--ok)}.s-failed,.bad{color:var(--bad)}.s-interrupted,.warn{color:var(--warn)}.s-skipped,.s-pending{color:var(--skip)}
`;

function exitText(step: ReportStep): string {
  if (step.kind === 'manual') return '—';
  const code = step.exitCode === null ? '—' : String(step.exitCode);
  if (step.timedOut) return `${code} (timeout)`;
  if (step.cancelled) return `${code} (cancelled)`;
  return code;
}

function note(step: ReportStep): string {
  if (step.status === 'skipped')
    return `${step.skippedBy === 'unless' ? 'unless' : 'skipped'}: ${step.skipReason ?? ''}`;
  if (step.tickedBy) return `ticked by ${step.tickedBy}`;
  if (step.confirmedBy) return `confirmed by ${step.confirmedBy}`;
  return step.attempts > 1 ? `${step.attempts} attempts` : '';
}

const e = escapeHtml;

function status(step: ReportStep): string {
  return `<span class="s s-${step.status}">${STATUS_TEXT[step.status]}</span>`;
}

export function renderHtmlReport(r: RunReport): string {
  const v = r.verification;
  const verification = !v
    ? 'not checked'
    : `<span class="${v.state === 'signed' ? 'ok' : v.state === 'unsigned' ? 'warn' : 'bad'}" data-record="${v.state}">${e(describeRecordStatus(v, v.problems))}</span>`;
  const out: string[] = [];
  out.push(
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Run report: ${e(r.runbook.title)} — ${e(r.runId)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<h1>Run report: ${e(r.runbook.title)}</h1>`,
    '<dl>',
    `<dt>Run</dt><dd><code>${e(r.runId)}</code></dd>`,
    `<dt>Runbook</dt><dd><code>${e(r.runbook.id)}</code> (${e(r.runbook.file)}), <code>${e(r.runbook.hash)}</code></dd>`,
    `<dt>Operator</dt><dd>${e(r.operator)} on ${e(r.host)} (${e(r.app)})</dd>`,
    `<dt>Started</dt><dd>${e(r.startedAt)}</dd>`,
    `<dt>Duration</dt><dd>${e(formatDuration(r.durationMs))}</dd>`,
    `<dt>Outcome</dt><dd><strong>${e(r.outcome)}</strong>${r.reason ? ` (${e(r.reason)})` : ''}${e(concernsText(r))}</dd>`,
    `<dt>Record</dt><dd>${verification}</dd>`,
  );
  if (r.resumedFrom) out.push(`<dt>Resumes run</dt><dd><code>${e(r.resumedFrom)}</code></dd>`);
  for (const resume of r.resumes)
    out.push(`<dt>Resumed</dt><dd>at ${e(resume.at)} from step <code>${e(resume.fromStep)}</code></dd>`);
  out.push(
    '</dl>',
    '<h2>Servers</h2>',
    '<table><thead><tr><th>role</th><th>server</th><th>address</th></tr></thead><tbody>',
  );
  for (const s of r.servers)
    out.push(
      `<tr><td>${e(s.role)}</td><td>${e(s.label)}</td><td><code>${e(`${s.user}@${s.host}:${s.port}`)}</code></td></tr>`,
    );
  out.push('</tbody></table>');
  const variables = Object.entries(r.variables);
  if (variables.length) {
    out.push('<h2>Variables</h2>', '<table><thead><tr><th>name</th><th>value</th></tr></thead><tbody>');
    for (const [name, value] of variables)
      out.push(`<tr><td><code>${e(name)}</code></td><td>${e(value)}</td></tr>`);
    out.push('</tbody></table>');
  }
  out.push(
    '<h2>Steps</h2>',
    '<table><thead><tr><th>#</th><th>step</th><th>server</th><th>status</th><th>exit</th><th>duration</th><th>note</th></tr></thead><tbody>',
  );
  r.steps.forEach((s, i) => {
    const name = s.ref ? `${s.name} (${s.ref})` : s.name;
    out.push(
      `<tr><td>${i + 1}</td><td><a href="#step-${i + 1}">${e(name)}</a></td><td>${e(s.target ?? '—')}</td>` +
        `<td>${status(s)}</td><td>${e(exitText(s))}</td><td>${e(formatDuration(s.durationMs))}</td><td>${e(note(s))}</td></tr>`,
    );
  });
  out.push('</tbody></table>', '<h2>Output</h2>');
  r.steps.forEach((s, i) => {
    if (s.status === 'pending') return;
    out.push(
      `<section id="step-${i + 1}"><h3>${e(s.name)}</h3>`,
      `<p>${status(s)}, exit ${e(exitText(s))}, ${e(formatDuration(s.durationMs))}</p>`,
    );
    if (s.command)
      out.push(
        s.kind === 'file'
          ? `<p>File: <code>${e(s.command)}</code></p>`
          : `<pre><code>${e(s.command)}</code></pre>`,
      );
    if (s.file)
      out.push(s.file.changed ? `<pre><code>${e(s.file.diff)}</code></pre>` : '<p>File unchanged.</p>');
    else if (s.output) out.push(`<pre><code>${e(plainText(s.output))}</code></pre>`);
    out.push('</section>');
  });
  out.push('</body></html>');
  return out.join('\n') + '\n';
}
