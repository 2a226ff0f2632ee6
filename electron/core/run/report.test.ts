import { describe, expect, it } from 'vitest';
import { buildReport, formatDuration, plainText, renderReport } from './report';
import { asEvents, finishedStep, runStarted } from './testing/run-events';

const complete = asEvents([
  runStarted(),
  { type: 'step-started', step: 'a', target: 'app', command: 'createdb ocpizzas', attempt: 1 },
  finishedStep('a', 'failed', 1, 'createdb: error\n'),
  { type: 'step-started', step: 'a', target: 'app', command: 'createdb ocpizzas', attempt: 2 },
  finishedStep('a', 'succeeded', 0, '\x1b[32mOK\x1b[0m\r\n```inner fence```\n'),
  { type: 'step-started', step: 'conf', target: 'app', command: '/etc/x.conf', attempt: 1 },
  {
    type: 'file-diff',
    step: 'conf',
    path: '/etc/x.conf',
    diff: '+key=••••••\n',
    existed: false,
    changed: true,
  },
  finishedStep('conf', 'succeeded', 0),
  { type: 'manual-step-ticked', step: 'dns', by: 'bob' },
  { type: 'step-started', step: 'b', target: 'app', command: 'which nginx', attempt: 1 },
  { type: 'step-skipped', step: 'b', reason: 'already done', by: 'unless' },
  { type: 'step-skipped', step: 'c', reason: 'fait à la main | hier', by: 'operator' },
  { type: 'run-finished', outcome: 'succeeded' },
]);

describe('buildReport', () => {
  it('gives each step its last status, exit code, duration, attempts and who ticked or skipped it', () => {
    const report = buildReport(complete, {
      state: 'unsigned',
      unsignedReason: 'no-seal',
      ok: true,
      problems: [],
    });
    expect(report.outcome).toBe('succeeded');
    expect(report.durationMs).toBe(12_000);
    expect(report.variables.db_password).toBe('[secret]');
    expect(report.steps.map((s) => [s.name, s.status, s.exitCode])).toEqual([
      ['a', 'succeeded', 0],
      ['conf', 'succeeded', 0],
      ['dns', 'ticked', null],
      ['b', 'skipped', null],
      ['c', 'skipped', null],
    ]);
    expect(report.steps[0]).toMatchObject({ attempts: 2, durationMs: 1200, ref: '3.2' });
    expect(report.steps[2]).toMatchObject({ tickedBy: 'bob' });
    expect(report.steps[1]?.file).toMatchObject({ path: '/etc/x.conf', changed: true });
  });

  it('a journal cut off mid-step reports that step interrupted and the run interrupted', () => {
    const report = buildReport(
      asEvents([
        runStarted(),
        { type: 'step-started', step: 'a', target: 'app', command: 'sleep 100', attempt: 1 },
      ]),
    );
    expect(report.outcome).toBe('interrupted');
    expect(report.steps[0]?.status).toBe('interrupted');
    expect(report.steps[3]?.status).toBe('pending');
  });

  it('a resumed run takes its outcome from the last part', () => {
    const report = buildReport(
      asEvents([
        runStarted(),
        { type: 'run-finished', outcome: 'interrupted' },
        { type: 'run-resumed', fromStep: 'a' },
      ]),
    );
    expect(report.outcome).toBe('interrupted');
    expect(report.resumes).toEqual([{ fromStep: 'a', at: '2026-11-25T10:00:02.000Z' }]);
  });

  it('refuses a journal without run-started', () => {
    expect(() => buildReport(asEvents([{ type: 'run-finished', outcome: 'failed' }]))).toThrow(/run-started/);
  });
});

describe('renderReport', () => {
  it('Markdown: header, a table row per step, and each output in a fence that the output cannot close', () => {
    const verification = {
      state: 'signed' as const,
      principal: 'alice@laptop',
      fingerprint: 'SHA256:abc',
      ok: true,
      problems: [],
    };
    const md = renderReport(complete, 'md', { verification });
    expect(md).toContain('# Run report: Procédure de déploiement');
    expect(md).toContain('- **Operator**: alice@laptop');
    expect(md).toContain('- **Outcome**: **succeeded**');
    expect(md).toContain('- **Record**: SIGNED by alice@laptop (SHA256:abc) and intact');
    expect(md).toContain('| db_password | [secret] |');
    expect(md).toContain('| 1 | a (3.2) | app | ✅ succeeded | 0 | 1.2 s | 2 attempts |');
    expect(md).toContain('| 3 | dns | — | ☑️ ticked | — | — | ticked by bob |');
    expect(md).toContain('| 5 | c | app | ⏭ skipped | — | — | skipped: fait à la main \\| hier |');
    expect(md).toContain('````text\nOK\n```inner fence```\n````');
    expect(md).toContain('```diff\n+key=••••••\n```');
    expect(md).not.toContain('\x1b');
  });

  it('shows a broken record loudly, and an unsigned one as such', () => {
    const broken = { state: 'broken' as const, ok: false, problems: ['line 3: modified'] };
    expect(renderReport(complete, 'md', { verification: broken })).toContain(
      '- **Record**: BROKEN: line 3: modified',
    );
    const unsigned = {
      state: 'unsigned' as const,
      unsignedReason: 'no-signature' as const,
      ok: true,
      problems: [],
    };
    expect(renderReport(complete, 'md', { verification: unsigned })).toContain(
      '- **Record**: INTACT but UNSIGNED (the signature is missing)',
    );
    const json = JSON.parse(renderReport(complete, 'json', { verification: unsigned }));
    expect(json.verification).toMatchObject({ state: 'unsigned', unsignedReason: 'no-signature' });
  });

  it('a success with a failed step skipped, or warnings, says so beside the outcome (and a clean one does not)', () => {
    const withSkip = asEvents([
      runStarted(),
      { type: 'step-started', step: 'a', target: 'app', attempt: 1 },
      finishedStep('a', 'failed', 1, 'AVERTISSEMENT: version expirée\nerreur\n'),
      { type: 'step-skipped', step: 'a', reason: 'vérifié à la main', by: 'operator' },
      { type: 'run-finished', outcome: 'succeeded' },
    ]);
    expect(renderReport(withSkip, 'md')).toContain(
      '- **Outcome**: **succeeded**, with 1 failed step skipped (a) and 1 warning',
    );
    expect(JSON.parse(renderReport(withSkip, 'json'))).toMatchObject({ skippedFailures: ['a'], warnings: 1 });
    expect(renderReport(complete, 'md')).toMatch(/- \*\*Outcome\*\*: \*\*succeeded\*\*\n/);
  });

  it('JSON carries the same content', () => {
    const json = JSON.parse(renderReport(complete, 'json'));
    expect(json).toMatchObject({
      runId: 'r1',
      outcome: 'succeeded',
      runbook: { id: 'deploy', hash: 'sha256:aaa' },
    });
    expect(json.steps).toHaveLength(5);
  });
});

describe('formatting helpers', () => {
  it('formats durations for people', () => {
    expect(formatDuration(42)).toBe('42 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(null)).toBe('—');
  });

  it('strips terminal control sequences', () => {
    expect(plainText('\x1b]0;title\x07\x1b[01;32muser\x1b[00m$ ok\r\n')).toBe('user$ ok\n');
  });
});

describe('Markdown report and raw HTML', () => {
  it('escapes HTML in every piece of run text outside code, so a renderer shows it as typed', () => {
    const events = asEvents([
      runStarted({
        runbookTitle: 'Déploiement <script>alert(1)</script>',
        operator: '<img src=x onerror=alert(2)>',
        servers: [{ role: 'app', id: 'app', label: '<b>app</b>', host: '10.0.0.5', port: 22, user: 'ops' }],
        variables: { domain: '<a href="javascript:x">oc</a>' },
      }),
      { type: 'step-skipped', step: 'a', reason: '<iframe src=//evil>', by: 'operator' },
      { type: 'run-finished', outcome: 'aborted', reason: 'stopped </td><script>' },
    ]);
    const md = renderReport(events, 'md');
    expect(md).not.toMatch(/<(script|img|iframe|b|a|\/td)[\s>]/i);
    expect(md).toContain('# Run report: Déploiement &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).toContain('- **Operator**: &lt;img src=x onerror=alert(2)&gt; on laptop');
    expect(md).toContain('skipped: &lt;iframe src=//evil&gt;');
    expect(md).toContain('(stopped &lt;/td&gt;&lt;script&gt;)');
  });

  it('keeps step output in fences (shown verbatim by Markdown renderers, so not escaped)', () => {
    const events = asEvents([
      runStarted(),
      { type: 'step-started', step: 'a', target: 'app', command: 'echo hi', attempt: 1 },
      finishedStep('a', 'succeeded', 0, '<script>alert(3)</script>\n'),
      { type: 'run-finished', outcome: 'succeeded' },
    ]);
    expect(renderReport(events, 'md')).toContain('```text\n<script>alert(3)</script>\n```');
  });
});

describe('attempts across a resume', () => {
  it('keeps a timed-out attempt from before a resume in the report (also when both were journaled as attempt 1)', () => {
    for (const second of [1, 2]) {
      const events = asEvents([
        runStarted(),
        { type: 'step-started', step: 'a', target: 'app', command: 'slow', attempt: 1 },
        {
          type: 'step-finished',
          step: 'a',
          status: 'failed',
          exitCode: null,
          durationMs: 30_000,
          output: '',
          timedOut: true,
        },
        { type: 'run-finished', outcome: 'failed' },
        { type: 'run-resumed', fromStep: 'a' },
        { type: 'step-started', step: 'a', target: 'app', command: 'slow', attempt: second },
        finishedStep('a', 'succeeded', 0),
        { type: 'run-finished', outcome: 'succeeded' },
      ]);
      const report = buildReport(events);
      expect(report.steps[0]).toMatchObject({
        status: 'succeeded',
        attempts: 2,
        previousAttempts: [{ attempt: 1, status: 'failed', exitCode: null, timedOut: true }],
      });
      expect(renderReport(events, 'md')).toContain('Earlier attempts: #1 failed (timeout)');
    }
  });
});
