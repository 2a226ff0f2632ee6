import { describe, expect, it } from 'vitest';
import { buildReport } from './report';
import { escapeHtml, renderHtmlReport } from './report-html';
import { asEvents, finishedStep, runStarted } from './testing/run-events';

describe('renderHtmlReport', () => {
  const events = asEvents([
    runStarted({ runbookTitle: 'Déploiement <b>urgent</b>' }),
    {
      type: 'step-started',
      step: 'a',
      target: 'app',
      command: 'echo "<script>alert(1)</script>"',
      attempt: 1,
    },
    finishedStep(
      'a',
      'succeeded',
      0,
      '<script>alert("pwned")</script>\r\n\x1b[31m<img src=x onerror=alert(2)>\x1b[0m\n',
    ),
    { type: 'step-skipped', step: 'b', reason: "l'étape </td><td>", by: 'operator' },
    { type: 'run-finished', outcome: 'failed', reason: '<iframe>' },
  ]);
  const html = renderHtmlReport(
    buildReport(events, { state: 'broken', ok: false, problems: ['line 3: <bad> hash'] }),
  );

  it('escapes a <script> in step output, commands, titles and reasons', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/<b>urgent/);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('l&#39;étape &lt;/td&gt;&lt;td&gt;');
    expect(html).toContain('<span class="bad" data-record="broken">BROKEN: line 3: &lt;bad&gt; hash</span>');
  });

  it('is a self-contained page that forbids scripts and loads nothing', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain('\x1b');
  });

  it('lists every step with its status and exit code', () => {
    expect(html).toMatch(
      /<td>1<\/td><td><a href="#step-1">a \(3\.2\)<\/a><\/td><td>app<\/td><td><span class="s s-succeeded">succeeded<\/span><\/td><td>0<\/td>/,
    );
    expect(html).toContain('<span class="s s-skipped">skipped</span>');
    expect(html).toContain('<span class="s s-pending">not run</span>');
  });

  it('escapes all five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
