import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../api';
import { renderTitle, runValuesOf } from './runTitles';

const started = {
  type: 'run-started',
  seq: 1,
  ts: '2026-12-04T02:00:00.000Z',
  prev: 'sha256:0',
  runId: 'r1',
  runbookId: 'deploiement',
  runbookTitle: 'Déploiement',
  runbookFile: 'deploiement.md',
  runbookHash: 'sha256:1',
  operator: 'alice',
  host: 'laptop',
  app: 'runbook 0.1.0',
  servers: [{ role: 'db', id: 'db', label: 'Base PostgreSQL', host: '10.0.0.6', port: 5432, user: 'deploy' }],
  variables: { pg_port: '5433', db_password: '[secret]' },
  steps: [],
} as unknown as RunEvent;

describe('renderTitle', () => {
  const values = runValuesOf([started]);

  it('puts the run’s values in place of the placeholders, secrets masked', () => {
    expect(renderTitle('Redémarrer PostgreSQL sur le port {{pg_port}}', values)).toBe(
      'Redémarrer PostgreSQL sur le port 5433',
    );
    expect(renderTitle('Mot de passe {{ db_password | sh }} de {{servers.db.host}}', values)).toBe(
      'Mot de passe •••••• de 10.0.0.6',
    );
    expect(renderTitle('Run {{run.id}} du {{run.date}}', values)).toBe('Run r1 du 2026-12-04');
  });

  it('leaves what the run has no value for as written, and a literal \\{{ as text', () => {
    expect(renderTitle('Port {{inconnu}} et \\{{x}}', values)).toBe('Port {{inconnu}} et {{x}}');
    expect(renderTitle('Sans valeurs {{pg_port}}', runValuesOf([]))).toBe('Sans valeurs {{pg_port}}');
  });
});
