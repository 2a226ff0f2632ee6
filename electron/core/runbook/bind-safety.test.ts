import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../inventory/model';
import { bindRunbook, type BindInput } from './bind';
import { parseRunbook } from './parse';

/**
 * Issue 12: a template can never change a command's structure, whatever the inventory or the engineer
 * gives. Each case was reproduced on main before the fix (see docs/security-templates.md).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-bind-safety-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const marker = path.join(dir, 'pwned');

const inventoryWithLabel = (label: string): Inventory => ({
  app: { id: 'app', role: 'app', label, host: '10.0.0.1', port: 22, user: 'ops', auth: { method: 'agent' } },
});
const runbookOf = (variables: string, blocks: string) =>
  parseRunbook(`---\nid: t\ntitle: T\nservers: [app]\nvariables:\n${variables}---\n${blocks}`, 't.md')
    .runbook!;
const bind = (variables: string, blocks: string, input: Partial<BindInput> = {}) =>
  bindRunbook(runbookOf(variables, blocks), {
    values: {},
    inventory: inventoryWithLabel('Serveur app'),
    runId: 'r1',
    ...input,
  });
const errorsOf = (result: ReturnType<typeof bindRunbook>) =>
  result.ok ? [] : result.errors.map((e) => [e.field, e.code]);

describe('inventory fields in shell commands', () => {
  const label = `prod $(touch ${marker}) \`touch ${marker}\``;
  const blocks =
    '```sh {"name":"annonce","target":"app","unless":"test -e {{servers.app.label}}"}\n' +
    'echo "Deploying to {{servers.app.label}}"\necho {{servers.app.label}}\n```\n';

  it('prints a hostile label literally and runs nothing from it, in "…", as a word and in unless', () => {
    const result = bind('  {}\n', blocks, { inventory: inventoryWithLabel(label) });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const rendered = result.plan.steps[0]!.render();
    const out = execFileSync('sh', ['-c', rendered.body], { encoding: 'utf8' });
    expect(out).toBe(`Deploying to ${label}\n${label}\n`);
    execFileSync('sh', ['-c', `${rendered.unless!} || true`]);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it("refuses a label where quoting cannot apply: inside '…' or a here-document", () => {
    const single = bind('  {}\n', '```sh {"name":"s","target":"app"}\necho \'{{servers.app.label}}\'\n```\n');
    expect(errorsOf(single)).toEqual([['steps.s.body', 'unquotable']]);
    const heredoc = bind(
      '  {}\n',
      '```sh {"name":"h","target":"app","unless":"grep -q \'{{servers.app.label}}\' /etc/motd"}\n' +
        'cat <<EOF\n{{servers.app.label}}\nEOF\n```\n',
    );
    expect(errorsOf(heredoc)).toEqual([
      ['steps.h.body', 'unquotable'],
      ['steps.h.unless', 'unquotable'],
    ]);
  });

  it('refuses a label in a file path, where a "/" in it would add directories', () => {
    const result = bind(
      '  {}\n',
      '```ini {"name":"f","target":"app","file":"/etc/{{servers.app.label}}.conf"}\nx\n```\n',
    );
    expect(errorsOf(result)).toEqual([['steps.f.file', 'unquotable']]);
  });
});

describe('control characters in values', () => {
  const variables = "  msg: { label: Message, pattern: '^[^;&|$<>()]+$' }\n";
  const blocks = '```sh {"name":"m","target":"app"}\necho {{msg}}\n```\n';

  it('refuses a line break even when the pattern happens to admit it', () => {
    expect(errorsOf(bind(variables, blocks, { values: { msg: `ok\ntouch ${marker}` } }))).toEqual([
      ['msg', 'bad-value'],
    ]);
    for (const value of ['a\rb', 'a\tb', 'a\u001b]0;titre\u0007'])
      expect(errorsOf(bind(variables, blocks, { values: { msg: value } })), JSON.stringify(value)).toEqual([
        ['msg', 'bad-value'],
      ]);
  });

  it('accepts line breaks in a multiline variable, in a file body or as {{m|sh}}, never bare in a command', () => {
    const ml = '  m: { label: Message, multiline: true }\n';
    const file = bind(ml, '```txt {"name":"f","target":"app","file":"/etc/motd"}\n{{m}}\n```\n', {
      values: { m: 'l1\nl2' },
    });
    expect(file.ok && file.plan.steps[0]!.render().body).toBe('l1\nl2\n');
    const quoted = bind(ml, '```sh {"name":"q","target":"app"}\nprintf %s {{m|sh}}\n```\n', {
      values: { m: `l1\ntouch ${marker}` },
    });
    if (!quoted.ok) throw new Error(JSON.stringify(quoted.errors));
    expect(execFileSync('sh', ['-c', quoted.plan.steps[0]!.render().body], { encoding: 'utf8' })).toBe(
      `l1\ntouch ${marker}`,
    );
    expect(fs.existsSync(marker)).toBe(false);
    const bare = bind(ml, '```sh {"name":"b","target":"app"}\necho {{m}}\n```\n', { values: { m: 'x' } });
    expect(errorsOf(bare)).toEqual([['steps.b.body', 'unquotable']]);
  });
});

describe('path variables', () => {
  const variables =
    "  app_dir: { label: Dossier, default: /srv/app, pattern: '^/[A-Za-z0-9._/-]+$' }\n" +
    "  name: { label: Nom, pattern: '^[a-z./]+$' }\n";
  const blocks =
    '```sh {"name":"nettoyer","target":"app"}\nrm -rf {{app_dir}}/cache\n```\n' +
    '```ini {"name":"f","target":"app","file":"/etc/app/{{name}}.conf"}\nx\n```\n';

  it('refuses a ".." segment in a path variable that its pattern admits', () => {
    const result = bind(variables, blocks, { values: { app_dir: '/srv/app/../..', name: 'a' } });
    expect(errorsOf(result)).toEqual([['app_dir', 'path-traversal']]);
  });

  it('refuses a ".." segment reaching a file path through a variable used there', () => {
    const result = bind(variables, blocks, { values: { name: '../../root/.ssh/keys' } });
    expect(errorsOf(result)).toEqual([['name', 'path-traversal']]);
  });

  it('still accepts ordinary paths, dots included', () => {
    const result = bind(variables, blocks, { values: { app_dir: '/srv/app.v2/./x', name: 'a.b' } });
    expect(result.ok && result.plan.steps[1]!.render().path).toBe('/etc/app/a.b.conf');
  });
});
