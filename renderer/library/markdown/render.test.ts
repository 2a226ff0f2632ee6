import { describe, expect, it } from 'vitest';
import type { StepView, VariableSpec } from '../../api';
import { makeTranslator } from '../../i18n/translate';
import { chipLabel, splitTemplate, templateHtml } from './placeholders';
import { renderRunbookHtml, type RenderableRunbook } from './render';

const pos = (line: number) => ({ file: 'deploy.md', line, col: 1 });
const t = makeTranslator('fr');

function variable(spec: Partial<VariableSpec> & { name: string; label: string }): VariableSpec {
  return { secret: false, pos: pos(1), ...spec };
}

// Body starts at line 10 of the file (after the front matter).
const body = [
  '## 3.2 Création de la base', // 10
  '', // 11
  'Créer la base {{db_name}} pour le domaine {{ domain }}.', // 12
  '', // 13
  '```sh {"name":"create-db","target":"db","confirm":"Créer la base {{db_name}} ?"}', // 14
  'sudo -u postgres createdb "{{db_name}}" --owner={{db_user}}', // 15
  '```', // 16
  '', // 17
  '```ini {"name":"supervisor-conf","target":"app","file":"/etc/supervisor/conf.d/{{db_name}}.conf"}', // 18
  '[program:x]', // 19
  'command = gunicorn', // 20
  '```', // 21
  '', // 22
  '- [ ] Vérifier le DNS de {{domain}}', // 23
  '- [x] Déjà fait {{db_name}}_avant_{{run.date}}.', // 24
  '', // 25
  '> **Attention** : ne jamais lancer ceci en production sans sauvegarde.', // 26
  '', // 27
  '> **Note** : `{{db_password}}` reste secret.', // 28
  '', // 29
  '```sh', // 30
  'echo \\{{ literal }} <b>', // 31
  '```', // 32
  '', // 33
  '<script>alert(1)</script>', // 34
].join('\n');

const steps: StepView[] = [
  {
    kind: 'shell',
    name: 'create-db',
    index: 0,
    sectionId: '3-2-creation-de-la-base',
    ref: '3.2',
    pos: pos(14),
    confirm: 'Créer la base {{db_name}} ?',
    target: 'db',
    lang: 'sh',
    body: 'sudo -u postgres createdb "{{db_name}}" --owner={{db_user}}\n',
    expect: [0],
    check: false,
    interactive: false,
    title: 'Créer la base {{db_name}} ?',
    variables: ['db_name'],
  },
  {
    kind: 'file',
    name: 'supervisor-conf',
    index: 1,
    sectionId: '3-2-creation-de-la-base',
    pos: pos(18),
    target: 'app',
    lang: 'ini',
    body: '[program:x]\ncommand = gunicorn\n',
    path: '/etc/supervisor/conf.d/{{db_name}}.conf',
    mode: '0644',
    sudo: true,
    title: 'supervisor-conf',
    variables: ['db_name'],
  },
  {
    kind: 'manual',
    name: 'manual-2-verifier-le-dns',
    index: 2,
    sectionId: '',
    pos: pos(23),
    text: 'Vérifier le DNS',
    title: 'Vérifier le DNS',
    variables: [],
  },
  {
    kind: 'manual',
    name: 'manual-3-deja-fait',
    index: 3,
    sectionId: '',
    pos: pos(24),
    text: 'Déjà fait',
    title: 'Déjà fait',
    variables: [],
  },
];

const runbook: RenderableRunbook = {
  body,
  bodyLine: 10,
  sections: [{ id: '3-2-creation-de-la-base', title: '3.2 Création de la base', level: 2, pos: pos(10) }],
  steps,
  variables: [
    variable({ name: 'db_name', label: 'Base de données', default: 'ocpizzas', pattern: '^[a-z_]+$' }),
    variable({ name: 'domain', label: 'Nom de domaine', example: 'oc-pizzas.com' }),
    variable({ name: 'db_password', label: 'Mot de passe PostgreSQL', secret: true }),
  ],
};

describe('renderRunbookHtml', () => {
  const html = renderRunbookHtml(runbook, { t });

  it('gives headings the parsed section ids for the outline, one level below the page title', () => {
    expect(html).toContain('<h3 id="sec-3-2-creation-de-la-base">3.2 Création de la base</h3>');
  });

  it('renders each named fence as a step card with its target badge and nature', () => {
    expect(html).toMatch(/<section class="step-card step-shell" id="step-create-db" data-step="create-db"/);
    expect(html).toContain('badge-role-db');
    expect(html).toContain('base de données');
    expect(html).toContain('Confirmation requise');
    expect(html).toContain('§ 3.2');
    expect(html).toMatch(/id="step-supervisor-conf"/);
    expect(html).toContain('badge-role-app');
    expect(html).toContain('mode 0644');
    expect(html).toContain('sudo');
    // The file path keeps its placeholder as a chip.
    expect(html).toMatch(
      /<code class="step-path">\/etc\/supervisor\/conf\.d\/<span class="ph ph-var" data-ref="db_name"/,
    );
  });

  it('shows placeholders as chips with label, default or example, and a tooltip', () => {
    expect(html).toContain('data-ref="db_name"');
    expect(html).toContain(
      '<span class="ph-name">Base de données</span><span class="ph-hint">ocpizzas</span>',
    );
    expect(html).toContain('<span class="ph-hint">ex. oc-pizzas.com</span>');
    expect(html).toMatch(
      /title="\{\{db_name\}\} — Base de données\ndéfaut : ocpizzas\nformat : \^\[a-z_\]\+\$"/,
    );
    // A placeholder inside a quoted shell string survives highlighting as one chip.
    expect(html).toMatch(
      /<span class="hljs-string">&quot;<span class="ph ph-var" data-ref="db_name"[^>]*><span class="ph-name">Base/,
    );
    // An undeclared reference is shown as unknown rather than hidden.
    expect(html).toContain('class="ph ph-unknown" data-ref="db_user"');
  });

  it('shows secrets by label only, never a value', () => {
    const withValues = renderRunbookHtml(runbook, { t, values: { db_name: 'shop', db_password: 'hunter2' } });
    expect(withValues).toContain('ph-secret');
    expect(withValues).not.toContain('hunter2');
    expect(withValues).toContain('<span class="ph ph-var ph-filled" data-ref="db_name"');
    expect(withValues).toContain('<span class="ph-value">shop</span>');
  });

  it('turns task items into read-only checkboxes anchored to their manual step', () => {
    expect(html).toMatch(
      /<li class="task-item" id="step-manual-2-verifier-le-dns" data-step="manual-2-verifier-le-dns">/,
    );
    expect(html).toMatch(
      /<input type="checkbox" class="task-box" disabled aria-readonly="true" tabindex="-1"> Vérifier le DNS/,
    );
    expect(html).toMatch(/class="task-box" disabled checked/);
    // Underscores around placeholders stay literal (no italics in the middle of a name).
    expect(html).toMatch(/<\/span>_avant_<span class="ph ph-builtin" data-ref="run.date"/);
    expect(html).not.toContain('<em>');
  });

  it('styles Note and Attention blockquotes as callouts', () => {
    expect(html).toContain('<blockquote class="callout callout-warning" role="note">');
    expect(html).toContain('<blockquote class="callout callout-note" role="note">');
  });

  it('never lets the runbook inject HTML, and keeps escaped placeholders literal', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('{{ literal }}');
    expect(html).toContain('&lt;b&gt;');
  });
});

describe('splitTemplate', () => {
  it('splits text and placeholders, with filters and escapes', () => {
    expect(splitTemplate('a {{ x | sh }} b \\{{y}} {{servers.app.host}}')).toEqual([
      { text: 'a ' },
      { ref: 'x', filter: 'sh', offset: 2, length: 12 },
      { text: ' b {{y}} ' },
      { ref: 'servers.app.host', offset: 24, length: 20 },
    ]);
  });
});

describe('chipLabel', () => {
  it('keeps short labels, drops parentheticals and cuts long ones at a word', () => {
    expect(chipLabel('Base de données')).toBe('Base de données');
    expect(chipLabel('Racine du site sur le serveur web (les fichiers statiques sont dans static/)')).toBe(
      'Racine du site sur le serveur web',
    );
    expect(chipLabel('Adresse du serveur d’application vue par PostgreSQL pour les connexions')).toBe(
      'Adresse du serveur d’application vue…',
    );
  });
});

describe('what a placeholder chip copies (data-copy)', () => {
  const spec = (over: Partial<VariableSpec>) =>
    ({ name: 'x', label: 'Libellé', secret: false, ...over }) as VariableSpec;
  const chip = (text: string, variable: VariableSpec, values: Record<string, string> = {}) =>
    templateHtml(text, { t, variables: new Map([[variable.name, variable]]), values });

  it('copies the preview value, else the default, |sh quoted as the run would insert it', () => {
    expect(chip('{{x}}', spec({ default: 'gunicorn' }))).toContain('data-copy="gunicorn"');
    expect(chip('{{x}}', spec({ default: 'gunicorn' }), { x: 'autre' })).toContain('data-copy="autre"');
    // HTML-escaped in the attribute: the browser reads it back as 'o'\''neil'.
    expect(chip('{{x|sh}}', spec({}), { x: "o'neil" })).toContain(
      'data-copy="&#39;o&#39;\\&#39;&#39;neil&#39;"',
    );
  });

  it('copies the placeholder as written when there is no value, and for a secret', () => {
    expect(chip('{{ x | sh }}', spec({}))).toContain('data-copy="{{x|sh}}"');
    expect(chip('{{x}}', spec({ secret: true }))).toContain('data-copy="{{x}}"');
    expect(chip('{{servers.db.host}}', spec({}))).toContain('data-copy="{{servers.db.host}}"');
  });
});
