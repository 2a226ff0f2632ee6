import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../../electron/core/vault/keychain-store';
import { KEYCHAIN_SERVICE, secretAccounts } from '../../electron/core/vault/secret-store';
import { startLab, type Lab } from '../lab/lab';
import { REPO, filesContaining, finished, jsonLines, runCli } from './cli-helpers';

/**
 * Issue 12 against a real sshd: an inventory label made to inject a command is printed literally by the
 * runbook's `echo "… {{servers.app.label}}"` and the command never runs on the server; a secret given on
 * stdin reaches the step but no file of the run.
 */
const RUNBOOK = `---
id: etiquette-injection
title: Étiquette du serveur dans une commande
servers: [app]
variables:
  jeton: { label: Jeton d'accès, secret: true, pattern: '^[A-Za-z0-9._-]{16,}$' }
---
## Annonce

\`\`\`sh {"name":"annonce","target":"app","unless":"test -e {{servers.app.label}}"}
echo "Déploiement sur {{servers.app.label}}"
echo {{servers.app.label}}
\`\`\`

\`\`\`sh {"name":"jeton","target":"app"}
test {{jeton|sh}} = "$(printf %s {{jeton|sh}})" && echo "jeton reçu"
\`\`\`
`;

describe('inventory label injection and secrets on stdin (CLI, SSH lab)', () => {
  let lab: Lab;
  let work: string;
  let dataDir: string;
  let inventory: string;
  let runbookFile: string;
  let marker: string;
  let label: string;

  beforeAll(async () => {
    lab = await startLab({ roles: ['app'] });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-injection-'));
    // World-writable, so that the lab user COULD create the marker: its absence then means something.
    fs.chmodSync(work, 0o777);
    dataDir = path.join(work, 'data');
    marker = path.join(work, 'pwned');
    label = `prod $(id > ${marker}) \`touch ${marker}\``;
    const app = lab.server('app');
    inventory = path.join(work, 'inventory.yaml');
    fs.writeFileSync(
      inventory,
      [
        'servers:',
        '  app:',
        `    host: ${app.host}`,
        `    port: ${app.port}`,
        `    user: ${app.user}`,
        '    auth: key',
        `    keyPath: ${app.keyPath}`,
        `    label: ${JSON.stringify(label)}`,
        '',
      ].join('\n'),
    );
    runbookFile = path.join(work, 'etiquette-injection.md');
    fs.writeFileSync(runbookFile, RUNBOOK);
  });

  afterAll(async () => {
    await new KeychainSecretStore()
      .delete(KEYCHAIN_SERVICE, secretAccounts.variable('etiquette-injection', 'jeton'))
      .catch(() => undefined);
    await lab?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('lints clean: the label is quoted where it lands', async () => {
    const result = await runCli(['lint', runbookFile], dataDir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it('prints the label literally, never runs what it holds, and keeps the stdin secret out of the records', async () => {
    const secret = `jeton-${randomBytes(12).toString('hex')}`;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'electron/cli/main.ts',
        'run',
        runbookFile,
        '--inventory',
        inventory,
        '--accept-host-key',
        '--json',
        '--var-stdin',
        'jeton',
      ],
      { cwd: REPO, env: { ...process.env, RUNBOOK_DATA_DIR: dataDir }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    child.stdin.end(`${secret}\n`);
    const result = await finished(child);
    expect(result.code, result.stderr).toBe(0);

    const events = jsonLines(result.stdout);
    const output = (step: string) =>
      String(events.find((e) => e.type === 'step-finished' && e.step === step)?.output ?? '');
    expect(output('annonce')).toBe(`Déploiement sur ${label}\r\n${label}\r\n`);
    expect(output('jeton')).toBe('jeton reçu\r\n');
    expect(fs.existsSync(marker)).toBe(false);

    expect(result.stderr).not.toContain('puts a secret on the command line');
    expect(filesContaining(dataDir, secret)).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('refuses a --var-file that every user can read, before connecting', async () => {
    const file = path.join(work, 'jeton.txt');
    fs.writeFileSync(file, 'un-jeton-assez-long-pour-etre-masque\n', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const result = await runCli(
      ['run', runbookFile, '--inventory', inventory, '--json', '--var-file', `jeton=${file}`],
      dataDir,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is readable by every user');
    expect(jsonLines(result.stdout)).toEqual([]);
  });
});
