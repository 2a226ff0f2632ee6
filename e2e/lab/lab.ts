import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AuthConfig, ServerConfig } from '../../electron/core/inventory/model';
import type { ServerRole } from '../../electron/core/runbook/model';
import { ensureLabUser } from './lab-user';
import { killTree } from './proc-tree';
import { OWNER_FILE, reapStaleLabs } from './stale-labs';

/**
 * The SSH lab: real OpenSSH servers on 127.0.0.1, one sshd per server on a free port, each with its own
 * host key, all accepting the throwaway `rblab` user by key, encrypted key or password. Used by the
 * integration tests, the Playwright tests and by hand (start-lab.ts). Needs root; everything it creates
 * lives in one temp dir removed by stop() or at process exit.
 */

export interface LabServer {
  role: string;
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** Unencrypted ed25519 user key. */
  keyPath: string;
  /** The same kind of key, encrypted with `passphrase`. */
  encryptedKeyPath: string;
  passphrase: string;
  /**
   * Current host key ("SHA256:..." as ssh-keygen -l prints it) and its public line ("ssh-ed25519 AAAA..."):
   * the first of hostKeyTypes (ed25519 unless the server was given other types).
   */
  readonly hostKeyFingerprint: string;
  readonly hostPublicKey: string;
  /** The host key types sshd offers now, in its HostKey order. */
  readonly hostKeyTypes: readonly HostKeyType[];
  /** Fingerprint and public line of this server's key of that type (made on first use, kept across restarts). */
  fingerprintOf(type: HostKeyType): string;
  publicKeyOf(type: HostKeyType): string;
  /** A known_hosts line for this server's current host key (or its key of that type). */
  knownHostsLine(type?: HostKeyType): string;
  /** Makes sshd offer exactly these host keys (the same key per type every time) and restarts it. */
  useHostKeys(types: HostKeyType[]): Promise<void>;
  /** A ServerConfig for the app, with the given auth (default: the unencrypted key). */
  serverConfig(auth?: AuthConfig, id?: string): ServerConfig;
  /** SIGKILLs sshd and its per-connection children: a server that drops off the network. */
  kill(): void;
  /** Starts sshd again on the same port (after kill(), or to pick up a new host key). */
  restart(): Promise<void>;
  /** Replaces the current (first) host key and restarts: the next connection sees a "changed host key". */
  regenerateHostKey(): Promise<void>;
}

export interface Lab {
  servers: LabServer[];
  /** Server by role (or name). */
  server(role: string): LabServer;
  dir: string;
  stop(): Promise<void>;
}

export interface LabOptions {
  /** Roles (names) of the servers; default ['app']. */
  roles?: string[];
  /** Alternative to roles: that many servers named s1, s2, ... */
  count?: number;
  /** Host keys every server offers at start; default ['ed25519']. */
  hostKeyTypes?: HostKeyType[];
}

/** Host key types the lab can give a server (ecdsa is nistp256, ssh-keygen's default size). */
export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface Agent {
  socket: string;
  stop(): void;
}

const SSHD = '/usr/sbin/sshd';
const labDirs = new Set<string>();
const sshdProcesses = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  ensurePackages();
  installExitHook();
  reapStaleLabs();
  const user = ensureLabUser();
  const roles = options.roles ?? Array.from({ length: options.count ?? 1 }, (_, i) => `s${i + 1}`);
  if (!options.roles && !options.count) roles.splice(0, roles.length, 'app');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rblab-'));
  labDirs.add(dir);
  fs.writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  // sshd reads authorized_keys as the lab user: the dir must be traversable, the file readable.
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation dir

  const passphrase = randomBytes(9).toString('base64url');
  const keyPath = path.join(dir, 'id_ed25519');
  const encryptedKeyPath = path.join(dir, 'id_ed25519_encrypted');
  keygen(keyPath, '', 'rblab-key');
  keygen(encryptedKeyPath, passphrase, 'rblab-encrypted-key');
  const authorizedKeys = path.join(dir, 'authorized_keys');
  fs.writeFileSync(
    authorizedKeys,
    fs.readFileSync(`${keyPath}.pub`, 'utf8') + fs.readFileSync(`${encryptedKeyPath}.pub`, 'utf8'),
    { mode: 0o644 },
  );

  const servers: LabServer[] = [];
  try {
    for (const role of roles) {
      const server = new SshdServer(
        role,
        path.join(dir, role),
        authorizedKeys,
        {
          user: user.name,
          password: user.password,
          keyPath,
          encryptedKeyPath,
          passphrase,
        },
        options.hostKeyTypes ?? ['ed25519'],
      );
      await server.start();
      servers.push(server);
    }
  } catch (err) {
    for (const s of servers) s.kill();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  return {
    servers,
    dir,
    server(role: string) {
      const found = servers.find((s) => s.role === role || s.name === role);
      if (!found) throw new Error(`The lab has no server "${role}" (it has ${roles.join(', ')}).`);
      return found;
    },
    async stop() {
      for (const s of servers) s.kill();
      fs.rmSync(dir, { recursive: true, force: true });
      labDirs.delete(dir);
    },
  };
}

/** An ssh-agent holding the lab's unencrypted user key. */
export async function startAgent(lab: Lab): Promise<Agent> {
  const socket = path.join(lab.dir, `agent-${randomBytes(4).toString('hex')}.sock`);
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  sshdProcesses.add(agent);
  await waitFor(() => fs.existsSync(socket), 5_000, 'ssh-agent did not create its socket');
  const keyPath = lab.servers[0]?.keyPath;
  if (!keyPath) throw new Error('The lab has no server.');
  execFileSync('ssh-add', ['-q', keyPath], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' });
  return {
    socket,
    stop() {
      agent.kill('SIGKILL');
      sshdProcesses.delete(agent);
      fs.rmSync(socket, { force: true });
    },
  };
}

class SshdServer implements LabServer {
  readonly host = '127.0.0.1';
  port = 0;
  readonly name: string;
  private proc: ChildProcess | undefined;
  /** Resolves once the current sshd has exited (reaped): its listening socket is closed by then. */
  private exited: Promise<void> = Promise.resolve();
  private types: HostKeyType[];
  private readonly config: string;
  private log: string[] = [];

  constructor(
    readonly role: string,
    private readonly dir: string,
    private readonly authorizedKeys: string,
    private readonly creds: {
      user: string;
      password: string;
      keyPath: string;
      encryptedKeyPath: string;
      passphrase: string;
    },
    types: HostKeyType[],
  ) {
    this.name = role;
    fs.mkdirSync(dir, { mode: 0o755 });
    this.config = path.join(dir, 'sshd_config');
    if (types.length === 0) throw new Error(`Lab server ${role} needs at least one host key type.`);
    this.types = [...types];
    for (const type of types) this.ensureHostKey(type);
  }

  /** The private key file of that type; sshd's HostKey lines point at these. */
  private hostKeyFile(type: HostKeyType): string {
    return path.join(this.dir, `ssh_host_${type}_key`);
  }

  private ensureHostKey(type: HostKeyType): string {
    const file = this.hostKeyFile(type);
    if (!fs.existsSync(file)) keygen(file, '', `rblab-${this.role}-host`, type);
    return file;
  }

  /** The current (first) host key: what the single-key properties below describe. */
  private get hostKey(): string {
    return this.hostKeyFile(this.types[0] as HostKeyType);
  }

  get hostKeyTypes(): readonly HostKeyType[] {
    return this.types;
  }

  get user() {
    return this.creds.user;
  }
  get password() {
    return this.creds.password;
  }
  get keyPath() {
    return this.creds.keyPath;
  }
  get encryptedKeyPath() {
    return this.creds.encryptedKeyPath;
  }
  get passphrase() {
    return this.creds.passphrase;
  }
  get hostPublicKey(): string {
    return publicLine(this.hostKey);
  }
  get hostKeyFingerprint(): string {
    return keyFingerprint(this.hostKey);
  }
  publicKeyOf(type: HostKeyType): string {
    return publicLine(this.ensureHostKey(type));
  }
  fingerprintOf(type: HostKeyType): string {
    return keyFingerprint(this.ensureHostKey(type));
  }

  knownHostsLine(type?: HostKeyType): string {
    const key = type ? this.publicKeyOf(type) : this.hostPublicKey;
    return `[${this.host}]:${this.port} ${key}\n`;
  }

  async useHostKeys(types: HostKeyType[]): Promise<void> {
    if (types.length === 0) throw new Error(`Lab server ${this.role} needs at least one host key type.`);
    for (const type of types) this.ensureHostKey(type);
    this.types = [...types];
    await this.restart();
  }

  serverConfig(auth: AuthConfig = { method: 'key', keyPath: this.keyPath }, id = this.role): ServerConfig {
    return {
      id,
      role: this.role as ServerRole,
      label: this.role,
      host: this.host,
      port: this.port,
      user: this.user,
      auth,
    };
  }

  async start(): Promise<void> {
    // A free port can be taken between our probe and sshd's bind (other test runs): retry on another.
    for (let attempt = 0; ; attempt++) {
      if (!this.port || attempt > 0) this.port = await freePort();
      try {
        await this.spawnSshd();
        return;
      } catch (err) {
        if (attempt >= 4 || !/Address already in use|Cannot bind/i.test(String(err))) throw err;
      }
    }
  }

  async restart(): Promise<void> {
    // SIGKILL is delivered asynchronously: until the old sshd is gone its socket still holds the port, and
    // the new one's bind failed with "Address already in use" whenever the machine was slow to reap it.
    const exited = this.exited;
    this.kill();
    await exited;
    await this.spawnSshd();
  }

  async regenerateHostKey(): Promise<void> {
    const type = this.types[0] as HostKeyType;
    fs.rmSync(this.hostKey, { force: true });
    fs.rmSync(`${this.hostKey}.pub`, { force: true });
    this.ensureHostKey(type);
    await this.restart();
  }

  kill(): void {
    if (!this.proc?.pid) return;
    killTree(this.proc.pid);
    sshdProcesses.delete(this.proc);
    this.proc = undefined;
  }

  private writeConfig(): void {
    const lines = [
      `Port ${this.port}`,
      `ListenAddress ${this.host}`,
      ...this.types.map((type) => `HostKey ${this.hostKeyFile(type)}`),
      `PidFile ${path.join(this.dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${this.authorizedKeys}`,
      'UsePAM no',
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin no',
      `AllowUsers ${this.user}`,
      'AllowTcpForwarding yes', // jump-host tests forward through a lab server
      'X11Forwarding no',
      'PrintMotd no',
      'MaxStartups 100',
      'MaxSessions 100',
      'LogLevel VERBOSE',
      'Subsystem sftp internal-sftp',
      ...(sshdVersionAtLeast(9, 8) ? ['PerSourcePenalties no'] : []), // failed-auth tests must not lock us out
    ];
    fs.writeFileSync(this.config, lines.join('\n') + '\n', { mode: 0o644 });
  }

  private spawnSshd(): Promise<void> {
    this.writeConfig();
    this.log = [];
    // detached: sshd must not die with a Ctrl-C meant for the test runner before stop() cleans up.
    const proc = spawn(SSHD, ['-D', '-e', '-f', this.config], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    this.proc = proc;
    this.exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    sshdProcesses.add(proc);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`sshd for ${this.role} did not start within 10 s:\n${this.log.join('')}`));
        this.kill();
      }, 10_000);
      proc.stderr?.setEncoding('utf8');
      proc.stderr?.on('data', (chunk: string) => {
        this.log.push(chunk);
        if (this.log.length > 200) this.log.shift();
        if (chunk.includes('Server listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code, signal) => {
        sshdProcesses.delete(proc);
        clearTimeout(timer);
        reject(new Error(`sshd for ${this.role} exited (${code ?? signal}):\n${this.log.join('')}`));
      });
    });
  }
}

function keygen(file: string, passphrase: string, comment: string, type: HostKeyType = 'ed25519'): void {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', comment, '-f', file], {
    stdio: 'pipe',
  });
}

/** "type base64" of a key file's .pub (without the comment). */
function publicLine(privateKeyFile: string): string {
  const [type, blob] = fs.readFileSync(`${privateKeyFile}.pub`, 'utf8').trim().split(/\s+/);
  return `${type} ${blob}`;
}

function keyFingerprint(privateKeyFile: string): string {
  // ssh-keygen, not our own code: the tests compare the app's fingerprints against an independent source.
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${privateKeyFile}.pub`], {
    encoding: 'utf8',
  });
  const fp = out.split(/\s+/)[1];
  if (!fp?.startsWith('SHA256:')) throw new Error(`Unexpected ssh-keygen output: ${out}`);
  return fp;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let sshdVersion: [number, number] | undefined;
function sshdVersionAtLeast(major: number, minor: number): boolean {
  if (!sshdVersion) {
    let out = '';
    try {
      execFileSync(SSHD, ['-V'], { stdio: 'pipe' });
    } catch (err) {
      out = String((err as { stderr?: Buffer }).stderr ?? '');
    }
    const m = /OpenSSH_(\d+)\.(\d+)/.exec(out);
    sshdVersion = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  }
  return sshdVersion[0] > major || (sshdVersion[0] === major && sshdVersion[1] >= minor);
}

async function waitFor(cond: () => boolean, ms: number, message: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(message);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function ensurePackages(): void {
  if ([SSHD, '/usr/bin/ssh-keygen', '/usr/bin/ssh-agent', '/usr/bin/sudo'].every((f) => fs.existsSync(f)))
    return;
  execFileSync('bash', [path.join(import.meta.dirname, 'ensure-packages.sh')], { stdio: 'inherit' });
}

/**
 * Whatever happens to the test process, no sshd and no key is left behind: on exit, and on the signals
 * test runners use to stop workers (then the signal is raised again, so the process still dies of it).
 * A SIGKILLed process cannot clean up: the next lab reaps what it left (stale-labs.ts).
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cleanUp = () => {
    for (const proc of sshdProcesses) if (proc.pid) killTree(proc.pid);
    sshdProcesses.clear();
    for (const dir of labDirs) fs.rmSync(dir, { recursive: true, force: true });
    labDirs.clear();
  };
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      cleanUp();
      // Only if nobody else handles it: then keep the default behaviour (die of the signal).
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}
