import { parseRunbook } from '../electron/core/runbook/parse';
import type { Runbook, ServerRole } from '../electron/core/runbook/model';

/** Markdown runbooks written by the bench: the same format and parser as the shipped ones. */

export interface BenchStep {
  name: string;
  target: ServerRole;
  body: string;
  check?: boolean;
}

export function benchRunbookSource(id: string, servers: ServerRole[], steps: readonly BenchStep[]): string {
  const blocks = steps.map((s) => {
    const attrs = JSON.stringify({ name: s.name, target: s.target, ...(s.check ? { check: true } : {}) });
    return `\`\`\`sh ${attrs}\n${s.body}\n\`\`\`\n`;
  });
  return [
    '---',
    `id: ${id}`,
    `title: Bench ${id}`,
    'chapter: "0"',
    `servers: [${servers.join(', ')}]`,
    '---',
    '',
    `# Bench ${id}`,
    '',
    ...blocks,
  ].join('\n');
}

/** Parses a bench runbook; its errors are bench bugs, so they throw with file:line. */
export function benchRunbook(id: string, servers: ServerRole[], steps: readonly BenchStep[]): Runbook {
  const file = `bench/${id}.md`;
  const { runbook, diagnostics } = parseRunbook(benchRunbookSource(id, servers, steps), file);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!runbook || errors.length) {
    throw new Error(
      `bench runbook ${id} does not parse:\n${errors.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n')}`,
    );
  }
  return runbook;
}

/**
 * A generated runbook shaped like the shipped ones (front matter with variables, numbered sections,
 * shell steps using variables, a file step, task items), varied by `n` so no two are identical.
 */
export function generatedRunbookSource(n: number): string {
  const roles: ServerRole[] = ['app', 'db', 'web', 'backup'];
  const sections: string[] = [];
  for (let s = 1; s <= 5; s++) {
    const role = roles[(n + s) % roles.length]!;
    sections.push(
      `## ${n % 9}.${s} Section ${s} du runbook ${n}`,
      '',
      `Explication de l'étape : on vérifie le service sur le serveur ${role} avant de continuer.`,
      '',
      `\`\`\`sh {"name":"etape-${s}-a","target":"${role}","timeout":"60"}`,
      `cd {{app_dir}}`,
      `systemctl status {{service}} --no-pager | head -n ${5 + s}`,
      `echo "section ${s} du runbook ${n} pour {{domain}}"`,
      '```',
      '',
      `\`\`\`ini {"name":"etape-${s}-conf","target":"${role}","file":"/etc/bench/gen-${n}-${s}.conf","mode":"0644"}`,
      '[service]',
      'name = {{service}}',
      `port = ${8000 + s}`,
      '```',
      '',
      `\`\`\`sh {"name":"etape-${s}-check","target":"${role}","check":true}`,
      `test -f /etc/bench/gen-${n}-${s}.conf && echo ok`,
      '```',
      '',
      `- [ ] Vérifier à la main le résultat de la section ${s}`,
      '',
    );
  }
  return [
    '---',
    `id: gen-${n}`,
    `title: Runbook généré ${n}`,
    `chapter: "${(n % 9) + 1}"`,
    `summary: Runbook généré par le bench (${n}), de la taille des runbooks du dossier.`,
    'servers: [app, db, web, backup]',
    'variables:',
    "  domain: { label: Nom de domaine public, example: oc-pizzas.com, pattern: '^[a-z0-9.-]+$' }",
    "  app_dir: { label: Dossier de l'application, default: /srv/oc-pizzas, pattern: '^/[A-Za-z0-9/_.-]+$' }",
    "  service: { label: Service, default: gunicorn, pattern: '^[a-z0-9-]+$' }",
    '---',
    '',
    `# ${n % 9} Runbook généré ${n}`,
    '',
    ...sections,
  ].join('\n');
}
