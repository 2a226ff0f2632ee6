import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The real services the rehearsal runs the runbooks against, on this disposable machine (root): a PostgreSQL
 * cluster of its own on a free port, NGINX and supervisord from the Debian packages, a git daemon serving the
 * fixture repository, and a second sshd standing for the backup server's own sshd (the lab's sshd only
 * admits the lab user; the backup runbook needs a dedicated, restricted account). What they change on the
 * machine is listed in docs/rehearsal.md.
 */

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function sh(command: string, options: { allowFail?: boolean; cwd?: string } = {}): string {
  const result = spawnSync('bash', ['-c', command], { encoding: 'utf8', cwd: options.cwd });
  if (result.status !== 0 && !options.allowFail) {
    throw new Error(`command failed (${result.status}): ${command}\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Debian packages the runbooks call that a minimal image may lack. */
export function ensureDebianPackages(): void {
  const wanted: Record<string, string> = {
    '/usr/bin/sudo': 'sudo',
    '/usr/sbin/nginx': 'nginx',
    '/usr/bin/supervisord': 'supervisor',
    '/usr/bin/pg_createcluster': 'postgresql',
    '/usr/bin/gpg': 'gnupg',
    '/usr/bin/curl': 'curl',
    '/usr/bin/git': 'git',
  };
  const missing = Object.entries(wanted)
    .filter(([bin]) => !fs.existsSync(bin))
    .map(([, pkg]) => pkg);
  const debs = ['python3-django', 'gunicorn', 'python3-psycopg2', 'python3-venv'].filter(
    (pkg) =>
      spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout.indexOf(
        'ok installed',
      ) < 0,
  );
  const all = [...missing, ...debs];
  if (all.length === 0) return;
  sh('apt-get update -qq');
  sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${all.join(' ')}`);
}

export interface PgCluster {
  version: string;
  name: string;
  port: number;
  drop(): void;
}

/** A PostgreSQL cluster of our own (pg_createcluster), so the machine's "main" cluster is left alone. */
export async function createPgCluster(name: string): Promise<PgCluster> {
  const version = sh('ls /usr/lib/postgresql | sort -n | tail -n 1').trim();
  const port = await freePort();
  sh(`pg_dropcluster --stop ${version} ${name} 2>/dev/null || true`, { allowFail: true });
  sh(`pg_createcluster ${version} ${name} -p ${port} --start-conf=manual`);
  sh(`pg_ctlcluster ${version} ${name} start`);
  return {
    version,
    name,
    port,
    drop: () => sh(`pg_dropcluster --stop ${version} ${name}`, { allowFail: true }) && undefined,
  };
}

/** NGINX and supervisord as Debian configures them (sites-enabled, conf.d), started if not running. */
export function startNginxAndSupervisor(): { stop(): void } {
  const nginxWasRunning = spawnSync('pgrep', ['-x', 'nginx']).status === 0;
  const supervisorWasRunning =
    spawnSync('pgrep', ['-f', '^/usr/bin/python3 /usr/bin/supervisord']).status === 0;
  fs.mkdirSync('/var/log/supervisor', { recursive: true });
  if (!supervisorWasRunning) sh('/usr/bin/supervisord -c /etc/supervisor/supervisord.conf');
  if (!nginxWasRunning) sh('/usr/sbin/nginx');
  return {
    stop() {
      if (!nginxWasRunning) sh('/usr/sbin/nginx -s quit', { allowFail: true });
      if (!supervisorWasRunning) sh('supervisorctl shutdown', { allowFail: true });
    },
  };
}

export interface GitFixture {
  url: string;
  v1: string;
  v2: string;
  stop(): void;
}

/** The fixture as a git repository with tags v1 and v2 (page title changed), served by `git daemon`. */
export async function serveFixtureRepo(fixtureDir: string, workDir: string): Promise<GitFixture> {
  const src = path.join(workDir, 'src');
  const base = path.join(workDir, 'git');
  fs.cpSync(fixtureDir, src, { recursive: true });
  const git = (args: string) =>
    sh(`git -c user.name=rehearsal -c user.email=rehearsal@localhost ${args}`, { cwd: src });
  git('init -q -b main');
  git('add -A');
  git('commit -qm "oc-pizzas v1"');
  git('tag v1');
  const template = path.join(src, 'pizzas/templates/pizzas/index.html');
  fs.writeFileSync(
    template,
    fs.readFileSync(template, 'utf8').replace('<h1>Nos pizzas</h1>', '<h1>Nos pizzas, nouvelle carte</h1>'),
  );
  git('commit -qam "oc-pizzas v2: nouvelle carte"');
  git('tag v2');
  fs.mkdirSync(base, { recursive: true });
  sh(`git clone -q --bare ${src} ${base}/oc-pizzas.git`);
  const port = await freePort();
  const daemon = spawn(
    'git',
    [
      'daemon',
      `--base-path=${base}`,
      '--export-all',
      '--reuseaddr',
      '--listen=127.0.0.1',
      `--port=${port}`,
      base,
    ],
    { stdio: 'ignore' },
  );
  await waitForPort(port);
  return {
    url: `git://127.0.0.1:${port}/oc-pizzas.git`,
    v1: 'v1',
    v2: 'v2',
    stop: () => daemon.kill(),
  };
}

export interface BackupSshd {
  port: number;
  hostKeyPub: string;
  stop(): void;
}

/**
 * The backup server's own sshd, as on a real server: keys in ~/.ssh/authorized_keys, only the deposit
 * account admitted. Its host key file is what the runbook sauvegarde-acces reads (variable backup_host_key_file).
 */
export async function startBackupSshd(workDir: string, allowUser: string): Promise<BackupSshd> {
  const dir = path.join(workDir, 'backup-sshd');
  fs.mkdirSync(dir, { recursive: true });
  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rehearsal-backup-host', '-f', hostKey]);
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(`${hostKey}.pub`, 0o644);
  fs.mkdirSync('/run/sshd', { recursive: true });
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'AuthorizedKeysFile .ssh/authorized_keys',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin no',
      `AllowUsers ${allowUser}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: 'ignore' });
  await waitForPort(port);
  return { port, hostKeyPub: `${hostKey}.pub`, stop: () => child.kill() };
}

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
