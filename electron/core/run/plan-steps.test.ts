import { describe, expect, it } from 'vitest';
import type { Inventory } from '../inventory/model';
import { bindRunbook } from '../runbook/bind';
import { parseRunbook } from '../runbook/parse';
import { engineStepsOf } from './plan-steps';

const inventory: Inventory = {
  app: {
    id: 'app',
    role: 'app',
    label: 'App',
    host: '10.0.0.1',
    port: 22,
    user: 'ops',
    auth: { method: 'agent' },
  },
};

describe('engineStepsOf', () => {
  it('hands the file installer the rendered owner and mode, not their templates', () => {
    const src =
      '---\nid: f\ntitle: F\nservers: [app]\nvariables:\n' +
      '  app_user: { label: U, default: ocpizzas, pattern: "[a-z]+" }\n  perm: { label: M, default: "600" }\n---\n' +
      '```ini {"name":"conf","target":"app","file":"/home/{{app_user}}/a.ini","owner":"{{app_user}}","mode":"{{perm}}","sudo":true}\n' +
      'user = {{app_user}}\n```\n';
    const bound = bindRunbook(parseRunbook(src, 'f.md').runbook!, { values: {}, inventory });
    if (!bound.ok) throw new Error(JSON.stringify(bound.errors));
    const [step] = engineStepsOf(bound.plan);
    expect(step!.kind === 'file' && step!.render()).toEqual({
      path: '/home/ocpizzas/a.ini',
      content: 'user = ocpizzas\n',
      owner: 'ocpizzas',
      mode: '0600',
      sudo: true,
    });
  });
});
