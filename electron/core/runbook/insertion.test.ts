import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyInsertion, planInsertions } from './insertion';
import type { VariableSpec } from './model';
import { renderTemplate } from './template';

const spec = (name: string, extra: Partial<VariableSpec> = {}): VariableSpec => ({
  name,
  label: name,
  secret: false,
  pos: { file: 't.md', line: 1, col: 1 },
  ...extra,
});
const specs = new Map([
  ['x', spec('x')],
  ['m', spec('m', { multiline: true })],
]);
const how = (text: string, kind: 'shell' | 'path' | 'attribute' | 'text' = 'shell') =>
  planInsertions(text, kind, specs).map(({ insertion }) =>
    insertion.how === 'quote'
      ? `quote:${insertion.context}`
      : insertion.how === 'refuse'
        ? insertion.code
        : 'verbatim',
  );

describe('insertion policy', () => {
  it('quotes every inventory field and every |sh in a shell command, for the context it lands in', () => {
    expect(how(`echo {{servers.app.label}} "{{servers.app.host}}" {{x|sh}} "{{x|sh}}" {{x}}`)).toEqual([
      'quote:word',
      'quote:double',
      'quote:word',
      'quote:double',
      'verbatim', // a variable without |sh keeps its pattern as its guard (lint warns without one)
    ]);
  });

  it('refuses a label or a |sh where no quoting applies, but lets host, port and user in verbatim', () => {
    expect(
      how(
        `echo '{{servers.app.label}} {{x|sh}} {{servers.db.host}} {{servers.db.port}} {{servers.db.user}}'`,
      ),
    ).toEqual(['unquotable-placeholder', 'unquotable-placeholder', 'verbatim', 'verbatim', 'verbatim']);
    expect(how(`cat <<EOF\n{{servers.app.label}} {{servers.app.host}}\nEOF\n`)).toEqual([
      'unquotable-placeholder',
      'verbatim',
    ]);
  });

  it('lets a multiline variable into a shell command only as {{m|sh}} in a quotable place', () => {
    expect(how(`printf '%s' {{m|sh}} "{{m|sh}}" {{m}} '{{m|sh}}'`)).toEqual([
      'quote:word',
      'quote:double',
      'multiline-variable',
      'multiline-variable',
    ]);
    expect(how(`{{m}} {{servers.app.label}}`, 'text')).toEqual(['verbatim', 'verbatim']);
  });

  it('refuses a label or a multiline variable in a file path, owner or mode', () => {
    expect(how(`/srv/{{servers.app.label}}/{{m}}/{{servers.app.host}}`, 'path')).toEqual([
      'unquotable-placeholder',
      'multiline-variable',
      'verbatim',
    ]);
    expect(how(`{{m}}`, 'attribute')).toEqual(['multiline-variable']);
  });
});

describe('quoted values in a real shell', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-insertion-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const marker = path.join(dir, 'pwned');
  const hostile = [
    `prod $(touch ${marker})`,
    `\`touch ${marker}\``,
    `a" ; touch ${marker} ; echo "`,
    `a' ; touch ${marker} ; echo '`,
    `x\\" $(touch ${marker}) !! $HOME *`,
    `\\`,
  ];

  for (const shell of ['sh', 'bash']) {
    it(`${shell} reads a quoted label back byte for byte, in a word and inside "…", and runs nothing`, () => {
      for (const label of hostile) {
        const template = `printf '%s|' {{servers.app.label}} "avant {{servers.app.label}} après"`;
        const planned = new Map(
          planInsertions(template, 'shell', specs).map((p) => [p.placeholder.offset, p]),
        );
        const command = renderTemplate(template, (p) =>
          applyInsertion(planned.get(p.offset)!.insertion, label),
        );
        const out = execFileSync(shell, ['-c', command], { encoding: 'utf8' });
        expect(out).toBe(`${label}|avant ${label} après|`);
        expect(fs.existsSync(marker)).toBe(false);
      }
    });
  }
});
