import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../runbook/parse';
import type { Runbook } from '../runbook/model';
import { toStepView } from './step-view';

function runbookOf(source: string): Runbook {
  const { runbook, diagnostics } = parseRunbook(source, 'runbooks/test.md');
  if (!runbook) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return runbook;
}

const source =
  '---\nid: t\ntitle: T\nchapter: "1"\nservers: [app]\nvariables:\n' +
  '  app_user: { label: Utilisateur, pattern: "^[a-z]+$" }\n' +
  '  perm: { label: Droits, pattern: "^0[0-7]{3}$" }\n' +
  '  conf_dir: { label: Dossier, pattern: "^/[a-z/]+$" }\n' +
  '  unused: { label: Inutile }\n---\n' +
  '```ini {"name":"conf","target":"app","file":"{{conf_dir}}/app.conf","owner":"{{app_user}}:{{app_user}}","mode":"{{perm}}"}\n' +
  'x = 1\n```\n' +
  '```sh {"name":"plain","target":"app"}\necho {{servers.app.host}}\n```\n';

describe('toStepView', () => {
  it("lists the variables of a file step's path, owner and mode, once each", () => {
    const runbook = runbookOf(source);
    const conf = runbook.steps.find((s) => s.name === 'conf');
    if (!conf) throw new Error('no conf step');
    expect(toStepView(runbook, conf).variables).toEqual(['conf_dir', 'app_user', 'perm']);
  });

  it('leaves out inventory references and unused variables', () => {
    const runbook = runbookOf(source);
    const plain = runbook.steps.find((s) => s.name === 'plain');
    if (!plain) throw new Error('no plain step');
    expect(toStepView(runbook, plain).variables).toEqual([]);
  });
});
