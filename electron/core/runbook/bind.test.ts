import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../inventory/model';
import { bindRunbook, SECRET_MASK, type BindInput, type Plan } from './bind';
import { parseRunbook } from './parse';

const example = parseRunbook(readFileSync('e2e/fixtures/runbooks/example.md', 'utf8'), 'example.md').runbook!;
const server = (role: 'app' | 'db' | 'web', host: string) => ({
  id: role,
  role,
  label: `Serveur ${role}`,
  host,
  port: 22,
  user: 'ops',
  auth: { method: 'agent' as const },
});
const inventory: Inventory = {
  app: server('app', '10.0.0.1'),
  db: server('db', '10.0.0.2'),
  web: server('web', '10.0.0.3'),
};
const SECRET = 'S3cr3t-value_that.is.long';
const good: BindInput = {
  values: { domain: 'oc-pizzas.com', admin_email: "o'neil@example.com" },
  secretValues: { db_password: SECRET },
  inventory,
  runId: 'run-42',
};

function planOf(input: BindInput): Plan {
  const result = bindRunbook(example, input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

describe('bindRunbook', () => {
  it('renders real values only through render(), with |sh quoting, defaults, servers and built-ins', () => {
    const plan = planOf(good);
    const create = plan.steps.find((s) => s.name === 'create-db')!;
    expect(create.render().body).toContain(`PASSWORD '${SECRET}'`);
    expect(create.render().body).toContain('createdb -O ocpizzas ocpizzas');
    expect(create.render().unless).toBe("sudo -u postgres psql -lqt | cut -d '|' -f 1 | grep -qw ocpizzas");
    const collect = plan.steps.find((s) => s.name === 'collectstatic')!;
    expect(collect.render().body).toBe(
      'cd /home/ocpizzas/oc-pizzas && env/bin/python manage.py collectstatic --noinput\n' +
        // |sh inside "…": the double quote is closed around the single-quoted value, so it prints as given.
        `echo "Terminé pour "'o'\\''neil@example.com'" (run run-42, {{ littéral }})"\n`,
    );
    const conf = plan.steps.find((s) => s.kind === 'file')!;
    expect(conf.render().path).toBe('/etc/supervisor/conf.d/oc-pizzas-gunicorn.conf');
    const dns = plan.steps.find((s) => s.kind === 'manual')!;
    expect(dns.display.text).toBe('Vérifier que le DNS de oc-pizzas.com pointe vers 10.0.0.3');
    expect(plan.variables).toMatchObject({
      db_name: 'ocpizzas',
      db_password: '[secret]',
      domain: 'oc-pizzas.com',
    });
  });

  it('masks secrets in display and keeps them out of JSON and structured clones', () => {
    const plan = planOf(good);
    const create = plan.steps.find((s) => s.name === 'create-db')!;
    expect(create.display.body).toContain(`PASSWORD '${SECRET_MASK}'`);
    expect(create.display.confirm).toBe('Créer la base ocpizzas ?');
    expect(plan.secrets).toEqual([SECRET, `'${SECRET}'`]);
    const json = JSON.stringify(plan);
    expect(json).not.toContain(SECRET);
    expect(json).toContain('create-db');
    expect(JSON.stringify(structuredClone(plan))).not.toContain(SECRET);
  });

  it('names each field that is missing, malformed or unsafe, before anything runs', () => {
    const result = bindRunbook(example, {
      values: {
        domain: 'oc-pizzas.com; rm -rf /',
        db_name: 'Bad Name',
        admin_email: 'a\nb',
        app_dir: '/x\0',
      },
      inventory: { app: inventory.app, db: inventory.db },
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => [e.field, e.code])).toEqual([
      ['domain', 'pattern'],
      ['db_name', 'pattern'],
      ['app_dir', 'bad-value'],
      ['db_password', 'secret-missing'],
      ['admin_email', 'bad-value'],
      ['servers.web', 'server-missing'],
    ]);
    expect(!result.ok && result.errors[0]!.message).toContain('[a-z0-9.-]+');
  });

  it('reports a secret that cannot be generated as plainly missing', () => {
    const src =
      '---\nid: s\ntitle: S\nservers: [app]\nvariables:\n  token: { label: Jeton, secret: true }\n---\n' +
      '```sh {"name":"a","target":"app"}\necho {{token|sh}}\n```\n';
    const rb = parseRunbook(src, 's.md').runbook!;
    const result = bindRunbook(rb, { values: {}, inventory });
    expect(!result.ok && result.errors).toEqual([
      { field: 'token', code: 'missing', message: expect.stringContaining('token') },
    ]);
  });

  it('accepts a line break only in a multiline variable, and ignores unused variables without value', () => {
    const src =
      '---\nid: m\ntitle: M\nservers: [app]\nvariables:\n' +
      "  motd: { label: Message, pattern: '[\\s\\S]+', multiline: true }\n  unused: { label: Rien }\n---\n" +
      '```txt {"name":"a","target":"app","file":"/etc/motd"}\n{{motd}}\n```\n';
    const rb = parseRunbook(src, 'm.md').runbook!;
    const result = bindRunbook(rb, { values: { motd: 'ligne 1\nligne 2' }, inventory });
    expect(result.ok && result.plan.steps[0]!.render().body).toBe('ligne 1\nligne 2\n');
  });

  it('shows {{run.id}} as a placeholder without a run id and refuses to render it', () => {
    const plan = planOf({ ...good, runId: undefined });
    const collect = plan.steps.find((s) => s.name === 'collectstatic')!;
    expect(collect.display.body).toContain('(run <run.id>,');
    expect(() => collect.render()).toThrow(/run\.id/);
  });

  describe('file step owner and mode', () => {
    const src =
      '---\nid: f\ntitle: F\nservers: [app]\nvariables:\n' +
      '  app_user: { label: Utilisateur, default: ocpizzas }\n  perm: { label: Mode, default: "640" }\n' +
      '  pw: { label: Secret, secret: true }\n---\n' +
      '```ini {"name":"conf","target":"app","file":"/etc/{{app_user}}.conf","owner":"{{app_user}}:{{app_user}}","mode":"{{perm}}"}\n' +
      'x\n```\n' +
      '```ini {"name":"key","target":"app","file":"/etc/k","owner":"{{pw}}"}\n{{pw}}\n```\n';
    const rb = parseRunbook(src, 'f.md').runbook!;
    const bind = (values: Record<string, string>, pw = 'root') =>
      bindRunbook(rb, { values, secretValues: { pw }, inventory });

    it('renders owner and mode like the path, in render() and in the display fields', () => {
      const result = bind({});
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      const conf = result.plan.steps[0]!;
      expect(conf.render()).toMatchObject({
        owner: 'ocpizzas:ocpizzas',
        mode: '0640',
        path: '/etc/ocpizzas.conf',
      });
      expect(conf.display).toMatchObject({ owner: 'ocpizzas:ocpizzas', mode: '0640' });
      const key = result.plan.steps[1]!;
      expect(key.render().owner).toBe('root');
      expect(key.display.owner).toBe(SECRET_MASK);
    });

    it('refuses a rendered owner or mode that is not one at bind time, naming the step', () => {
      const result = bind({ app_user: 'bad user', perm: '0999' }, 'hunter2 -R');
      expect(result.ok).toBe(false);
      const errors = !result.ok ? result.errors : [];
      expect(errors.map((e) => [e.field, e.code])).toEqual([
        ['steps.conf.owner', 'bad-owner'],
        ['steps.conf.mode', 'bad-mode'],
        ['steps.key.owner', 'bad-owner'],
      ]);
      expect(errors[0]!.message).toBe(
        'step "conf": owner "bad user:bad user" (from "{{app_user}}:{{app_user}}") must be "user" or "user:group" (lowercase system names)',
      );
      expect(JSON.stringify(errors)).not.toContain('hunter2'); // a secret owner is shown masked
    });

    it('accepts "user", "user:group" and 3 or 4 digit modes', () => {
      for (const [user, perm, mode] of [
        ['www-data', '644', '0644'],
        ['_apt', '02755', '2755'],
        ['svc$', '1777', '1777'],
      ]) {
        const result = bind({ app_user: user!, perm: perm! });
        expect(result.ok && result.plan.steps[0]!.render().mode).toBe(mode);
      }
    });
  });
});
