import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from './parse';
import { searchRunbooks } from './search';

const example = parseRunbook(readFileSync('e2e/fixtures/runbooks/example.md', 'utf8'), 'example.md').runbook!;
const other = parseRunbook(
  '---\nid: sauvegarde\ntitle: Sauvegarde et restauration\nchapter: "7"\nservers: [db]\n---\n' +
    '## 7.1 Sauvegardes\n\nLa sauvegarde quotidienne après le déploiement.\n\n' +
    '```sh {"name":"dump","target":"db"}\npg_dump OCPIZZAS > /var/backups/ocpizzas.sql\n```\n',
  'sauvegarde.md',
).runbook!;
const all = [example, other];

describe('searchRunbooks', () => {
  it('is accent- and case-insensitive', () => {
    const hits = searchRunbooks(all, 'DEPLOIEMENT');
    expect(hits[0]).toMatchObject({ runbookId: 'exemple-deploiement', kind: 'runbook', line: 1 });
    expect(hits.some((h) => h.runbookId === 'sauvegarde' && h.stepName === 'dump')).toBe(true);
  });

  it('ranks the step that runs a command first, with the matching line', () => {
    const [first] = searchRunbooks(all, 'collectstatic');
    expect(first).toMatchObject({
      runbookId: 'exemple-deploiement',
      stepName: 'collectstatic',
      kind: 'step',
    });
    expect(first!.line).toBe(40);
    const [body] = searchRunbooks(all, 'ocpizzas.sql');
    expect(body).toMatchObject({
      stepName: 'dump',
      line: 12,
      snippet: 'pg_dump OCPIZZAS > /var/backups/ocpizzas.sql',
    });
  });

  it('requires every term, and lets section and runbook titles give context', () => {
    expect(searchRunbooks(all, 'collectstatic sauvegarde')).toEqual([]);
    const hits = searchRunbooks(all, 'statiques collectstatic');
    expect(hits.map((h) => h.stepName)).toEqual(['collectstatic']);
  });

  it('finds manual steps and respects the limit', () => {
    expect(searchRunbooks(all, 'navigateur')[0]).toMatchObject({ stepName: 'ouvrir-site', line: 62 });
    expect(searchRunbooks(all, 'e', 3)).toHaveLength(3);
    expect(searchRunbooks(all, '   ')).toEqual([]);
  });
});
