import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small valid runbook in the app's format (French, like the real ones). */
export const DEMO_RUNBOOK = `---
id: demo
title: Vérification de l'application
chapter: "9"
summary: Contrôles de santé après un déploiement.
servers: [app]
variables:
  db_name: { label: Base de données, default: ocpizzas, pattern: '^[a-z_][a-z0-9_]*$' }
---
## 9.1 Vérifier le service

Affiche l'état de Gunicorn sous **Supervisor**.

\`\`\`sh {"name":"supervisor-status","target":"app","check":"true"}
sudo supervisorctl status oc-pizzas-gunicorn
\`\`\`

## 9.2 Vérifier la base

\`\`\`sh {"name":"db-exists","target":"app","confirm":"Interroger la base {{db_name}} ?"}
psql -lqt | cut -d '|' -f 1 | grep -qw {{db_name}}
\`\`\`

- [ ] Ouvrir la page d'accueil et vérifier le logo
`;

export interface TempWorld {
  root: string;
  dataDir: string;
  runbooksDir: string;
  cleanup(): void;
}

/** A throwaway data dir and runbooks folder holding DEMO_RUNBOOK. */
export function tempWorld(): TempWorld {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-backend-'));
  const dataDir = path.join(root, 'data');
  const runbooksDir = path.join(root, 'runbooks');
  fs.mkdirSync(dataDir);
  fs.mkdirSync(runbooksDir);
  fs.writeFileSync(path.join(runbooksDir, '09-demo.md'), DEMO_RUNBOOK);
  return { root, dataDir, runbooksDir, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}
