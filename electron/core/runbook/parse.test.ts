import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FileStep, ManualStep, ShellStep } from './model';
import { parseRunbook } from './parse';

const EXAMPLE = 'e2e/fixtures/runbooks/example.md';
const exampleSource = readFileSync(new URL('../../../' + EXAMPLE, import.meta.url), 'utf8');

function parseOk(source: string) {
  const { runbook, diagnostics } = parseRunbook(source, 'rb.md');
  expect(diagnostics).toEqual([]);
  return runbook!;
}

const FM = '---\nid: t\ntitle: T\nservers: [app, db]\n---\n';

describe('parseRunbook on the example runbook', () => {
  const rb = parseOk(exampleSource);

  it('reads the front matter', () => {
    expect(rb).toMatchObject({ id: 'exemple-deploiement', title: 'Exemple de déploiement', chapter: '3' });
    expect(rb.servers).toEqual(['app', 'db', 'web']);
    const pw = rb.variables.find((v) => v.name === 'db_password')!;
    expect(pw).toMatchObject({ secret: true, generate: 32, label: 'Mot de passe PostgreSQL' });
    expect(pw.pos).toMatchObject({ line: 15, col: 3 });
    expect(rb.variables.find((v) => v.name === 'db_name')).toMatchObject({
      default: 'ocpizzas',
      secret: false,
    });
  });

  it('finds every kind of step with its attributes, section, ref and description', () => {
    expect(rb.steps.map((s) => [s.index, s.kind, s.name, s.ref])).toEqual([
      [0, 'shell', 'pg-ready', '3.2'],
      [1, 'shell', 'create-db', '3.2'],
      [2, 'shell', 'collectstatic', '3.5'],
      [3, 'file', 'supervisor-conf', '3.9.2'],
      [4, 'shell', 'supervisor-start', '3.9'],
      [5, 'manual', 'manual-verifier-que-le-dns-de-domain-pointe', '3.9'],
      [6, 'manual', 'ouvrir-site', '3.9'],
    ]);
    const [ready, create, collect, conf, start, dns, open] = rb.steps as [
      ShellStep,
      ShellStep,
      ShellStep,
      FileStep,
      ShellStep,
      ManualStep,
      ManualStep,
    ];
    expect(ready).toMatchObject({ check: true, timeout: 10, target: 'db', lang: 'sh', expect: [0] });
    expect(ready.description).toBe("Vérifier d'abord que PostgreSQL répond.");
    expect(create).toMatchObject({
      expect: [0, 1],
      confirm: 'Créer la base {{db_name}} ?',
      interactive: false,
    });
    expect(create.unless).toContain('grep -qw {{db_name}}');
    expect(create.body).toBe(
      'sudo -u postgres psql -c "CREATE USER {{db_name}} PASSWORD \'{{db_password}}\';"\n' +
        'sudo -u postgres createdb -O {{db_name}} {{db_name}}\n',
    );
    expect(create.pos).toEqual({ file: 'rb.md', line: 33, col: 1 });
    expect(collect.description).toBeUndefined();
    expect(conf).toMatchObject({
      path: '/etc/supervisor/conf.d/oc-pizzas-gunicorn.conf',
      mode: '0644',
      owner: 'root:root',
      sudo: true,
      sectionId: '3-9-configuration-de-supervisor',
    });
    expect(start.interactive).toBe(true);
    expect(dns.text).toBe('Vérifier que le DNS de {{domain}} pointe vers {{servers.web.host}}');
    expect(dns.sectionId).toBe('verifications');
    expect(open.text).toBe('Ouvrir https://{{domain}}/ dans un navigateur');
  });

  it('lists sections, keeps the body and hashes the source', () => {
    expect(rb.sections.map((s) => [s.id, s.level, s.pos.line])).toEqual([
      ['3-procedure-de-deploiement', 1, 19],
      ['3-2-creation-de-la-base-de-donnees', 2, 23],
      ['3-5-gestion-des-fichiers-statiques', 2, 38],
      ['3-9-configuration-de-supervisor', 2, 45],
      ['verifications', 3, 59],
    ]);
    expect(rb.bodyLine).toBe(18);
    expect(exampleSource.split('\n')[rb.bodyLine - 1]).toBe(rb.body.split('\n')[0]);
    expect(rb.hash).toBe('sha256:' + createHash('sha256').update(exampleSource).digest('hex'));
  });
});

describe('parseRunbook details', () => {
  it('gives manual steps unique slug names, or the explicit {#name}', () => {
    const rb = parseOk(FM + '- [ ] Vérifier le DNS\n- [ ] Vérifier le DNS\n- [x] Autre {#mon-nom}\n');
    expect(rb.steps.map((s) => s.name)).toEqual([
      'manual-verifier-le-dns',
      'manual-verifier-le-dns-2',
      'mon-nom',
    ]);
    expect((rb.steps[2] as ManualStep).text).toBe('Autre');
  });

  it('reads "sensitive" on a file step, and warns that it means nothing on a shell step', () => {
    const rb = parseOk(
      FM + '```ini {"name":"f","target":"app","file":"/etc/f","sudo":true,"sensitive":false}\nx\n```\n',
    );
    expect(rb.steps[0]).toMatchObject({ kind: 'file', sudo: true, sensitive: false });
    const { diagnostics } = parseRunbook(
      FM + '```sh {"name":"s","target":"app","sensitive":true}\nx\n```\n',
      'rb.md',
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['attribute-not-applicable']);
  });

  it('accepts expect, boolean and confirm forms', () => {
    const rb = parseOk(
      FM +
        '```sh {"name":"a","target":"app","expect":2,"check":"true","confirm":true}\nx\n```\n' +
        '```sh {"name":"b","target":"app","expect":[0,3],"timeout":"30","interactive":false}\nx\n```\n',
    );
    const [a, b] = rb.steps as [ShellStep, ShellStep];
    expect(a).toMatchObject({ expect: [2], check: true, confirm: "Confirmer l'étape « a » ?" });
    expect(b).toMatchObject({ expect: [0, 3], timeout: 30, interactive: false, confirm: undefined });
  });

  it('takes the ref from the nearest numbered heading and resets the description at headings', () => {
    const rb = parseOk(
      FM + '# 7 - Sauvegardes\n\nProse.\n\n### Détails\n\n```sh {"name":"a","target":"db"}\nx\n```\n',
    );
    expect(rb.steps[0]).toMatchObject({ ref: '7', sectionId: 'details', description: undefined });
  });

  it('ignores code blocks without a name and reads fences nested in lists with CRLF line ends', () => {
    const src = (
      FM + '```sh\nnot a step\n```\n\n1. item\n\n   ```sh {"name":"n","target":"app"}\n   echo\n   ```\n'
    ).replace(/\n/g, '\r\n');
    const rb = parseOk(src);
    expect(rb.steps).toHaveLength(1);
    expect(rb.steps[0]).toMatchObject({ name: 'n', pos: { line: 12, col: 4 }, body: 'echo\n' });
  });

  it('takes block quotes as description and still finds steps inside them', () => {
    const rb = parseOk(
      FM + '> Attention : production.\n\n> ```sh {"name":"q","target":"db"}\n> echo\n> ```\n',
    );
    expect(rb.steps[0]).toMatchObject({
      name: 'q',
      description: '> Attention : production.',
      pos: { line: 8, col: 3 },
    });
  });

  it('warns about attributes on a block without a name', () => {
    const { diagnostics } = parseRunbook(FM + '```sh {"target":"app"}\nx\n```\n', 'rb.md');
    expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.col])).toEqual([
      ['missing-name', 'warning', 6, 7],
    ]);
  });

  it('returns no runbook without usable front matter', () => {
    expect(parseRunbook('# Titre\n', 'x.md')).toMatchObject({
      runbook: undefined,
      diagnostics: [{ code: 'missing-front-matter', line: 1, col: 1 }],
    });
    expect(parseRunbook('---\nid: x\n', 'x.md').diagnostics[0]?.code).toBe('unterminated-front-matter');
    expect(parseRunbook('---\nid: Bad_Id\ntitle: t\n---\n', 'x.md').diagnostics).toMatchObject([
      { code: 'bad-id', line: 2, col: 5 },
    ]);
  });
});
