/**
 * Full rehearsal of the dossier's runbooks, through the CLI, against real services on this disposable machine
 * (run as root: `npm run test:rehearsal`). What it changes on the machine: docs/rehearsal.md.
 *
 * Stages run in order and each needs the previous one; a failed stage makes the next ones fail fast.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunbookDir } from '../../electron/core/runbook/catalog';
import { startLab, type Lab } from '../lab/lab';
import { describeRun, REPO_ROOT, runCli, stepOutput, writeInventory, type CliRun } from './cli';
import { NOT_IN_LAB } from './not-in-lab';
import {
  createPgCluster,
  ensureDebianPackages,
  freePort,
  serveFixtureRepo,
  sh,
  startBackupSshd,
  startNginxAndSupervisor,
  tempDir,
  type BackupSshd,
  type GitFixture,
  type PgCluster,
} from './services';

const DOMAIN = 'oc-pizzas.test';
const runs: CliRun[] = [];
const covered = new Set<string>();
let failedStage: string | undefined;
/** Secret values read back from the servers after the runs that set them (deployment, restore, backup). */
const knownSecrets: string[] = [];

function collectSettingsSecrets(): void {
  const settings = fs.readFileSync('/srv/oc-pizzas/app/oc_pizzas/settings/production.py', 'utf8');
  for (const re of [/'PASSWORD': '([^']+)'/, /^SECRET_KEY = '([^']+)'/m]) {
    const value = re.exec(settings)?.[1];
    if (value) knownSecrets.push(value);
  }
}

let lab: Lab;
let pg: PgCluster;
let web: { stop(): void };
let repo: GitFixture;
let backupSshd: BackupSshd;
let work: string;
let dataDir: string;
let inventory: string;
let httpPort: number;
let appPort: number;
let common: Record<string, string>;

function run(id: string, vars: Record<string, string>, extra: string[] = []): CliRun {
  const args = [
    'run',
    id,
    '--inventory',
    inventory,
    '--yes',
    '--accept-host-key',
    '--data-dir',
    dataDir,
    '--json',
    ...extra,
  ];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}=${v}`);
  const result = runCli(args);
  runs.push(result);
  for (const step of result.doneSteps) {
    const manual = result.events.some((e) => e.type === 'manual-step-ticked' && e.step === step);
    if (!manual) covered.add(`${id}/${step}`);
  }
  return result;
}

/** Runs a stage unless an earlier one failed; records the failure for the stages after it. */
async function stage(name: string, body: () => void | Promise<void>): Promise<void> {
  if (failedStage) throw new Error(`skipped: stage "${failedStage}" failed before`);
  try {
    await body();
  } catch (err) {
    failedStage = name;
    throw err;
  }
}

function expectOk(result: CliRun): void {
  expect(result.status, describeRun(result)).toBe(0);
  expect(result.outcome).toBe('succeeded');
}

function httpGet(urlPath: string): { code: string; body: string } {
  const body = sh(
    `curl -sS -H 'Host: ${DOMAIN}' -w '\\n%{http_code}' http://127.0.0.1:${httpPort}${urlPath}`,
  );
  const cut = body.lastIndexOf('\n');
  return { code: body.slice(cut + 1).trim(), body: body.slice(0, cut) };
}

function psql(sql: string): string {
  return sh(`cd / && runuser -u postgres -- psql -X -p ${pg.port} -d ocpizzas -tAc "${sql}"`).trim();
}

beforeAll(async () => {
  ensureDebianPackages();
  sh(`bash ${path.join(REPO_ROOT, 'e2e/rehearsal/reset-machine.sh')}`);
  work = tempDir('rb-rehearsal-');
  fs.chmodSync(work, 0o755);
  dataDir = path.join(work, 'data');
  inventory = path.join(work, 'inventory.yaml');
  lab = await startLab({ roles: ['app', 'db', 'web', 'backup'] });
  pg = await createPgCluster('rehearsal');
  web = startNginxAndSupervisor();
  repo = await serveFixtureRepo(path.join(REPO_ROOT, 'e2e/fixtures/oc_pizzas'), work);
  backupSshd = await startBackupSshd(work, 'ocpizzas-depot');
  httpPort = await freePort();
  appPort = await freePort();
  const servers: Record<string, { host: string; port: number; user: string; keyPath: string }> = {};
  for (const role of ['app', 'db', 'web', 'backup']) {
    const s = lab.server(role);
    servers[role] = { host: s.host, port: s.port, user: s.user, keyPath: s.keyPath };
  }
  writeInventory(inventory, servers);
  // Lab differences, all as variables: ports, the cluster, the interpreter, no PyPI, NGINX not under systemd.
  common = {
    domain: DOMAIN,
    pg_version: pg.version,
    pg_cluster: pg.name,
    pg_port: String(pg.port),
    app_port: String(appPort),
    http_port: String(httpPort),
    python: '/usr/bin/python3',
    nginx_reload: 'nginx -s reload',
  };
}, 900_000);

afterAll(() => {
  sh('supervisorctl stop oc-pizzas-gunicorn', { allowFail: true });
  backupSshd?.stop();
  repo?.stop();
  web?.stop();
  pg?.drop();
  void lab?.stop();
});

const pick = (keys: string[]) =>
  Object.fromEntries(keys.filter((k) => k in common).map((k) => [k, common[k]!]));

describe.sequential('rehearsal of the dossier runbooks', () => {
  it('1-2 infrastructure: read-only checks pass', () =>
    stage('infrastructure', () => {
      const r = run('infrastructure', pick(['python', 'app_port', 'pg_port']));
      expectOk(r);
      expect(r.stdout + r.events.map((e) => String(e.output ?? '')).join('\n')).toMatch(/AVERTISSEMENT|OK:/);
    }));

  it('3 deploiement: NGINX serves the Django page and its static file', () =>
    stage('deploiement', () => {
      const r = run('deploiement', {
        ...pick([
          'domain',
          'python',
          'pg_version',
          'pg_cluster',
          'pg_port',
          'app_port',
          'http_port',
          'nginx_reload',
        ]),
        repo_url: repo.url,
        repo_ref: repo.v1,
        app_cidr: '127.0.0.1/32',
        venv_options: '--prompt oc-pizzas --system-site-packages',
        pip_options: '--no-index --disable-pip-version-check',
      });
      expectOk(r);
      const page = httpGet('/');
      expect(page.code).toBe('200');
      expect(page.body).toContain('Nos pizzas</h1>');
      expect(page.body).toContain('Margherita');
      expect(httpGet('/static/pizzas/style.css').code).toBe('200');
      expect(sh('stat -c %a /srv/oc-pizzas/app/oc_pizzas/settings/production.py').trim()).toBe('600');
      collectSettingsSecrets();
    }));

  it('4 demarrage-arret: stop, start, restart with their checks', () =>
    stage('demarrage-arret', () => {
      expectOk(run('demarrage-arret', pick(['domain', 'app_port', 'http_port'])));
      expect(httpGet('/').code).toBe('200');
    }));

  it('5.1 mise-a-jour to v2, then retour-arriere to v1', () =>
    stage('mise-a-jour', () => {
      const vars = pick(['domain', 'pg_port', 'app_port', 'http_port']);
      const pip = { pip_options: '--no-index --disable-pip-version-check' };
      expectOk(run('mise-a-jour', { ...vars, ...pip, target_ref: repo.v2, smoke_text: 'nouvelle carte' }));
      expect(httpGet('/').body).toContain('nouvelle carte');
      expectOk(run('retour-arriere', { ...vars, ...pip }));
      const page = httpGet('/');
      expect(page.code).toBe('200');
      expect(page.body).not.toContain('nouvelle carte');
    }));

  it('5.2 mise-a-jour-postgresql: its read-only checks only (--only), never the upgrade', () =>
    stage('mise-a-jour-postgresql', () => {
      const checks = ['version-before', 'pending-updates', 'version-after', 'app-check'];
      const r = run(
        'mise-a-jour-postgresql',
        pick(['domain', 'pg_version', 'pg_cluster', 'pg_port', 'http_port']),
        ['--only', checks.join(',')],
      );
      expectOk(r);
      expect(r.events.filter((e) => e.type === 'step-started').map((e) => e.step)).toEqual(checks);
      const skipped = r.events.filter((e) => e.type === 'step-skipped');
      expect(skipped.map((e) => e.step)).toContain('upgrade');
      expect(skipped.every((e) => e.reason === '--only')).toBe(true);
    }));

  it('5.3 mise-a-jour-front: NGINX serves the file on disk', () =>
    stage('mise-a-jour-front', () => {
      expectOk(run('mise-a-jour-front', { ...pick(['domain', 'http_port']), asset: 'pizzas/style.css' }));
    }));

  it('6 sante: every health check passes', () =>
    stage('sante', () => {
      expectOk(run('sante', pick(['domain', 'app_port', 'http_port', 'pg_port'])));
    }));

  it('7.1 sauvegarde: encrypted backups reach the backup server and decrypt', () =>
    stage('sauvegarde', () => {
      const hostKeyFile = { backup_host_key_file: backupSshd.hostKeyPub };
      const access = run('sauvegarde-acces', hostKeyFile);
      expectOk(access);
      // What the engineer copies from the screen: read from the step output, else from the file itself.
      const value = (step: string, name: string, file: string) =>
        new RegExp(`${name} = (ssh-ed25519 [^\\r\\n]+)`).exec(stepOutput(access, step))?.[1]?.trim() ??
        fs
          .readFileSync(file, 'utf8')
          .trim()
          .split(' ')
          .slice(0, name === 'backup_host_key' ? 2 : 3)
          .join(' ');
      const pubkey = value(
        'db-pubkey',
        'backup_pubkey_db',
        '/var/lib/oc-pizzas-sauvegarde/.ssh/id_ed25519.pub',
      );
      const hostKey = value('backup-host-key', 'backup_host_key', backupSshd.hostKeyPub);
      // A row written before the backup must be there after the restore.
      psql("INSERT INTO pizzas_pizza (name, price_cents) VALUES ('Regina', 1250) ON CONFLICT DO NOTHING");
      const r = run('sauvegarde', {
        ...pick(['pg_port']),
        backup_pubkey_db: pubkey,
        backup_pubkey_app: pubkey, // db and app are the same machine in the lab: one backup account, one key
        backup_host_key: hostKey,
        backup_ssh_port: String(backupSshd.port),
      });
      expectOk(r);
      const archives = sh('ls /srv/sauvegardes/oc-pizzas');
      expect(archives).toMatch(/oc-pizzas-db-\d{8}T\d{6}Z\.dump\.gpg/);
      expect(archives).toMatch(/oc-pizzas-app-\d{8}T\d{6}Z\.tar\.gz\.gpg/);
      // The archive is not readable without the passphrase.
      expect(
        sh('head -c 64 /srv/sauvegardes/oc-pizzas/oc-pizzas-db-*.dump.gpg | tr -dc "[:print:]"'),
      ).not.toContain('Regina');
    }));

  it('7.2 restauration: a fresh database with the row written before the backup', () =>
    stage('restauration', () => {
      psql("DELETE FROM pizzas_pizza WHERE name = 'Regina'"); // the "incident": data lost after the backup
      expect(httpGet('/').body).not.toContain('Regina');
      sh('id -u ocpizzas-admin-lab >/dev/null 2>&1 || useradd --system ocpizzas-admin-lab');
      const r = run('restauration', {
        ...pick(['domain', 'pg_port', 'app_port', 'http_port']),
        backup_ssh_port: String(backupSshd.port),
        system_user: 'ocpizzas-admin-lab',
      });
      expectOk(r);
      expect(psql("SELECT name FROM pizzas_pizza WHERE name = 'Regina'")).toBe('Regina');
      expect(httpGet('/').body).toContain('Regina');
      collectSettingsSecrets();
      knownSecrets.push(fs.readFileSync('/var/lib/oc-pizzas-sauvegarde/passphrase', 'utf8').trim());
    }));

  it('every run journal verifies', () => {
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) {
      expect(r.runId, describeRun(r)).toBeDefined();
      const v = runCli(['verify', r.runId!, '--data-dir', dataDir]);
      expect(v.status, `${r.runId}: ${v.stdout}${v.stderr}`).toBe(0);
    }
  });

  it("no secret reaches the run records or the lab user's shell history", () => {
    expect(failedStage).toBeUndefined();
    const secrets = knownSecrets;
    expect(secrets.length).toBe(5);
    const files = [...fs.readdirSync(dataDir, { recursive: true, encoding: 'utf8' })]
      .map((f) => path.join(dataDir, f))
      .filter((f) => fs.statSync(f).isFile());
    const history = path.join(fs.existsSync('/home/rblab') ? '/home/rblab' : '/nonexistent', '.bash_history');
    if (fs.existsSync(history)) files.push(history);
    expect(files.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(secret && secret.length >= 16).toBe(true);
      for (const file of files) expect(fs.readFileSync(file, 'utf8').includes(secret!), file).toBe(false);
    }
  });

  it('every step of every runbook is run by the rehearsal or listed in NOT_IN_LAB with a reason', async () => {
    const catalog = await loadRunbookDir(path.join(REPO_ROOT, 'runbooks'));
    const missing: string[] = [];
    for (const runbook of catalog.runbooks) {
      for (const step of runbook.steps) {
        const key = `${runbook.id}/${step.name}`;
        if (!covered.has(key) && !NOT_IN_LAB[key]) missing.push(key);
      }
    }
    for (const key of Object.keys(NOT_IN_LAB)) expect(NOT_IN_LAB[key]!.length, key).toBeGreaterThan(0);
    expect(missing, 'steps neither run by the rehearsal nor listed in NOT_IN_LAB').toEqual([]);
  });
});
