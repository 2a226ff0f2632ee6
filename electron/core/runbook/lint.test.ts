import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, lintFiles, lintRunbook, lintRunbookFiles } from './lint';
import type { Diagnostic } from './model';

const TESTDATA = 'electron/core/runbook/testdata';
const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.line}:${d.col} ${d.severity} ${d.code}`);
const lintFile = (path: string) => lintRunbook(readFileSync(path, 'utf8'), path);

describe('lintRunbook', () => {
  it('passes the example runbook without a single message', () => {
    expect(lintFile('e2e/fixtures/runbooks/example.md')).toEqual([]);
  });

  it('points YAML errors at the real file line', () => {
    expect(brief(lintFile(`${TESTDATA}/bad-yaml.md`))).toEqual(['5:1 error yaml']);
  });

  it('reports missing id and title', () => {
    expect(brief(lintFile(`${TESTDATA}/no-id.md`))).toEqual([
      '1:1 error missing-id',
      '1:1 error missing-title',
    ]);
  });

  it('reports step problems at the offending attribute', () => {
    expect(brief(lintFile(`${TESTDATA}/bad-steps.md`))).toEqual([
      '8:36 error unknown-attribute', // "colour"
      '12:36 error bad-attributes', // the trailing comma's closing brace
      '16:32 error unknown-target', // "mars"
      '20:15 error duplicate-step', // the second "one"
      '24:1 error missing-target', // file step without target
      '28:1 error empty-body',
      '28:32 warning undeclared-server', // "web" not in servers
      '28:47 error bad-attribute', // expect "zero"
      '31:4 error unterminated-fence', // indented fence never closed
    ]);
  });

  it('reports placeholders that could change a command, values with control characters and ".." paths', () => {
    expect(brief(lintFile(`${TESTDATA}/unsafe-templates.md`))).toEqual([
      '7:33 error control-character', // note's default holds a line break, note is not multiline
      '8:35 error path-traversal', // dir's default /srv/../etc (a path variable: absolute default)
      '9:47 error bad-variable', // a secret cannot be multiline
      '13:59 error unquotable-placeholder', // label inside '…' in unless
      '14:47 error unquotable-placeholder', // label inside '…' in the body ("…" before it is fine)
      '14:70 error multiline-variable', // {{motd}} bare in a command
      '16:1 error unquotable-placeholder', // label in a here-document (the host next to it is fine)
      '21:42 error path-traversal', // literal ".." in the file path
      '21:48 error unquotable-placeholder', // label in a file path
      '21:73 error multiline-variable', // multiline variable in a file path
    ]);
  });

  it('reports variable and reference problems at the token', () => {
    expect(brief(lintFile(`${TESTDATA}/bad-vars.md`))).toEqual([
      '5:1 error unknown-key', // colour
      '7:33 error pattern-mismatch', // default "80a"
      '8:32 error bad-pattern', // '([a-z'
      '9:53 error secret-default', // hunter2
      '10:33 error pattern-mismatch', // example "Bad Host" (pattern not anchored, still whole-value)
      '10:65 error unknown-variable-key', // colour
      '14:56 error unknown-variable', // {{nope}} in confirm
      '14:86 error unknown-variable', // {{missing}} in unless
      '15:41 error unknown-variable', // {{ghost}} in body
      '15:51 warning undeclared-server', // {{servers.db.host}}
      '15:71 error unknown-filter', // |upper
      '18:48 error unknown-variable', // {{where}} in file path
      '19:5 error unknown-variable', // servers.app.password
      '22:16 error unknown-variable', // {{absent}} in manual text
    ]);
  });

  it('warns about an unquoted variable without a pattern in shell, and about unused variables', () => {
    const src =
      '---\nid: w\ntitle: W\nservers: [app]\nvariables:\n  who: { label: Qui }\n  old: { label: Vieux }\n---\n' +
      '```sh {"name":"a","target":"app"}\necho {{who}} {{ who | sh }}\n```\n';
    expect(brief(lintRunbook(src, 'w.md'))).toEqual([
      '7:3 warning unused-variable',
      '10:6 warning unquoted-variable',
    ]);
  });

  it('checks placeholders in a file step owner and mode, and a literal owner', () => {
    const src =
      '---\nid: o\ntitle: O\nservers: [app]\nvariables:\n  app_user: { label: U, pattern: "[a-z]+" }\n---\n' +
      '```ini {"name":"a","target":"app","file":"/etc/a","owner":"{{app_user}}:{{grp}}","mode":"{{perm}}"}\nx\n```\n' +
      '```ini {"name":"b","target":"app","file":"/etc/b","owner":"Root Admin"}\nx\n```\n';
    expect(brief(lintRunbook(src, 'o.md'))).toEqual([
      '8:73 error unknown-variable', // {{grp}} in owner
      '8:90 error unknown-variable', // {{perm}} in mode
      '11:59 error bad-attribute', // literal owner with a space and capitals
    ]);
  });
});

describe('lintRunbookFiles', () => {
  it('expands directories, sorts by file/line and reports duplicate ids across files', async () => {
    const ds = await lintRunbookFiles([`${TESTDATA}/dup`]);
    expect(ds.map(formatDiagnostic)).toEqual([
      `${TESTDATA}/dup/b.md:2:5: error: runbook id "same" is already used by ${TESTDATA}/dup/a.md [duplicate-id]`,
    ]);
  });

  it('skips README.md in directories, reads explicit files and reports unreadable ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-'));
    writeFileSync(join(dir, 'README.md'), '# not a runbook\n');
    writeFileSync(join(dir, 'z.md'), '# no front matter\n');
    const ds = await lintRunbookFiles([dir, join(dir, 'absent.md')]);
    expect(ds.map((d) => [d.file, d.code])).toEqual([
      [join(dir, 'absent.md'), 'io'],
      [join(dir, 'z.md'), 'missing-front-matter'],
    ]);
  });
});

describe('lintFiles', () => {
  it('gives each file its runbook and diagnostics, in path order, the duplicate id on the later file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-files-'));
    const results = await lintFiles([`${TESTDATA}/dup`, join(dir, 'absent.md')]);
    expect(results.map((r) => [r.file, r.runbook?.id, r.diagnostics.map((d) => d.code)])).toEqual([
      [`${TESTDATA}/dup/a.md`, 'same', []],
      [`${TESTDATA}/dup/b.md`, 'same', ['duplicate-id']],
      [join(dir, 'absent.md'), undefined, ['io']],
    ]);
  });
});
