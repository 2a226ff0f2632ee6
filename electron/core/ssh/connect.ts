import { Client, type ClientChannel, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import type { Duplex } from 'node:stream';
import type { ServerConfig } from '../inventory/model';
import { resolveAuth, type AuthTarget } from './auth';
import { verifyHostKey } from './host-key';
import { hostKeyAlgorithms } from './host-key-algorithms';
import { loadRecordedKeys } from './host-key-trust';
import { fingerprint } from './known-hosts';
import { knownHostsSources } from './openssh-known-hosts';
import { startShellSession } from './shell-session';
import { SshError, type ConnectOptions, type ShellSession } from './types';

/** One authenticated SSH connection to a server (through its jump host, if any). */
export interface SshConnection {
  readonly server: ServerConfig;
  /**
   * "SHA256:…" of the host key this connection verified (the server's own, not its jump host's): what the
   * journal records as the key the run talked to.
   */
  readonly hostKeyFingerprint: string;
  /** The underlying ssh2 client, for what this interface does not cover. */
  readonly client: Client;
  readonly closed: boolean;
  /** A persistent PTY shell ready for steps (see shell-session.ts). */
  /** `options.interruptGraceMs`: see ShellSessionOptions (default 10 s). */
  openShell(cols: number, rows: number, options?: { interruptGraceMs?: number }): Promise<ShellSession>;
  /** The connection's SFTP session (opened once, reused). */
  sftp(): Promise<SFTPWrapper>;
  /** Runs a command without a PTY and collects its output (for short, non-interactive calls). */
  exec(command: string): Promise<ExecResult>;
  close(): Promise<void>;
  onClose(listener: (reason: string) => void): () => void;
}

export interface ExecResult {
  exitCode: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

/** Where to connect and how to log in: a server or its jump host. */
interface Endpoint extends AuthTarget {
  host: string;
  port: number;
  user: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_KEEPALIVE_MS = 15_000;
const KEEPALIVE_COUNT_MAX = 3;

export async function connectServer(server: ServerConfig, opts: ConnectOptions): Promise<SshConnection> {
  const target: Endpoint = {
    host: server.host,
    port: server.port,
    user: server.user,
    auth: server.auth,
    secretId: server.id,
    name: `${server.label} (${server.user}@${server.host}:${server.port})`,
  };
  if (!server.jump) {
    const { client, hostKeyFingerprint } = await openClient(target, opts);
    return new Connection(server, client, hostKeyFingerprint);
  }

  const { jump } = server;
  const { client: jumpClient } = await openClient(
    {
      ...jump,
      name: `the jump host of ${server.label} (${jump.user}@${jump.host}:${jump.port})`,
    },
    opts,
  );
  try {
    const sock = await forward(jumpClient, target);
    // When the target drops, the forwarded channel only ends (half-close); ssh2 waits for a 'close' that
    // never comes unless we end our side too. Without this a dead target behind a jump looks alive.
    sock.once('end', () => sock.end());
    const { client, hostKeyFingerprint } = await openClient(target, opts, sock);
    // The jump connection lives exactly as long as the target's.
    client.once('close', () => jumpClient.end());
    return new Connection(server, client, hostKeyFingerprint);
  } catch (err) {
    jumpClient.end();
    throw err;
  }
}

function forward(jumpClient: Client, target: Endpoint): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    jumpClient.forwardOut('127.0.0.1', 0, target.host, target.port, (err, stream) => {
      if (err) {
        reject(
          new SshError(
            'connect-failed',
            `The jump host could not reach ${target.host}:${target.port} (${err.message}).`,
            { host: target.host, port: String(target.port) },
          ),
        );
      } else resolve(stream);
    });
  });
}

/** An authenticated client and the fingerprint of the host key it verified on the way. */
interface OpenedClient {
  client: Client;
  hostKeyFingerprint: string;
}

/** Connects, checks the host key, authenticates. Every failure becomes an SshError with a full sentence. */
async function openClient(endpoint: Endpoint, opts: ConnectOptions, sock?: Duplex): Promise<OpenedClient> {
  const auth = await resolveAuth(endpoint, opts.secrets, opts.agentSocket);
  // Read once: the algorithms we offer and the verdict on the key the server then presents must come from
  // the same view of known_hosts.
  const recorded = await loadRecordedKeys(knownHostsSources(opts), endpoint.host, endpoint.port);
  const timeoutMs = opts.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new Client();

  return new Promise<OpenedClient>((resolve, reject) => {
    let failure: SshError | undefined;
    let hostKeyFingerprint: string | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const fail = (err: SshError) => {
      failure ??= err;
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      client.destroy?.();
      reject(failure);
    };
    // Our own handshake timer rather than ssh2's readyTimeout: it must stop while the engineer looks at
    // an unknown host key, or a slow decision would turn into a "did not answer" error.
    const armTimer = () => {
      timer = setTimeout(
        () =>
          fail(
            new SshError(
              'connect-timeout',
              `${endpoint.host}:${endpoint.port} did not answer within ${Math.round(timeoutMs / 1000)} s ` +
                `(no SSH handshake). Check the address and port of ${endpoint.name}.`,
              { host: endpoint.host, port: String(endpoint.port) },
            ),
          ),
        timeoutMs,
      );
    };
    armTimer();

    client.on('ready', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // ssh2 only reaches 'ready' after hostVerifier said yes, so the fingerprint is set by now.
      if (hostKeyFingerprint === undefined) {
        client.end();
        reject(new SshError('connect-failed', `${endpoint.host}:${endpoint.port} presented no host key.`));
        return;
      }
      resolve({ client, hostKeyFingerprint });
    });
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
      finish(prompts.map(() => auth.keyboardPassword ?? ''));
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      fail(failure ?? describeError(err, endpoint, auth.description));
    });
    client.on('close', () =>
      fail(
        new SshError(
          'connect-failed',
          `${endpoint.host}:${endpoint.port} closed the connection during login.`,
          {
            host: endpoint.host,
            port: String(endpoint.port),
          },
        ),
      ),
    );

    const config: ConnectConfig = {
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.user,
      sock,
      readyTimeout: 0, // see armTimer
      keepaliveInterval: opts.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_MS,
      keepaliveCountMax: KEEPALIVE_COUNT_MAX,
      ...auth.config,
      // Recorded key types first, as OpenSSH does: the server then presents the key we know, if it has it.
      algorithms: { serverHostKey: hostKeyAlgorithms(recorded) },
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        clearTimeout(timer);
        verifyHostKey(endpoint, key, opts, recorded).then(
          () => {
            hostKeyFingerprint = fingerprint(key);
            if (!settled) armTimer();
            verify(true);
          },
          (err: unknown) => {
            failure ??= err instanceof SshError ? err : new SshError('connect-failed', String(err));
            verify(false);
            fail(failure);
          },
        );
      },
    };
    client.connect(config);
  });
}

function describeError(
  err: Error & { level?: string; code?: string },
  endpoint: Endpoint,
  method: string,
): SshError {
  const where = `${endpoint.host}:${endpoint.port}`;
  const details = { host: endpoint.host, port: String(endpoint.port) };
  if (err.level === 'client-authentication') {
    return new SshError(
      'auth-failed',
      `Authentication failed for ${endpoint.user}@${where} with ${method}.`,
      { ...details, user: endpoint.user, method },
    );
  }
  if (err.level === 'client-timeout') {
    return new SshError('connect-timeout', `${where} stopped answering (${err.message}).`, details);
  }
  if (err.code) {
    return new SshError('connect-failed', `Cannot connect to ${where}: ${describeCode(err.code)}.`, {
      ...details,
      errno: err.code,
    });
  }
  return new SshError('connect-failed', `Cannot connect to ${where}: ${err.message}.`, details);
}

function describeCode(code: string): string {
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused (is sshd running on that port?)',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ENOTFOUND: 'unknown host name',
    EAI_AGAIN: 'host name lookup failed',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'connection timed out',
  };
  return known[code] ? `${known[code]} [${code}]` : code;
}

class Connection implements SshConnection {
  closed = false;
  private closeReason: string | undefined;
  private readonly closeListeners = new Set<(reason: string) => void>();
  private sftpSession: Promise<SFTPWrapper> | undefined;

  constructor(
    readonly server: ServerConfig,
    readonly client: Client,
    readonly hostKeyFingerprint: string,
  ) {
    client.on('error', (err: Error) => {
      this.closeReason ??= `The connection to ${server.label} (${server.host}) failed: ${err.message}.`;
    });
    client.on('close', () => this.markClosed());
  }

  openShell(cols: number, rows: number, options: { interruptGraceMs?: number } = {}): Promise<ShellSession> {
    return new Promise((resolve, reject) => {
      this.client.shell({ term: 'xterm-256color', cols, rows }, (err, channel) => {
        if (err) return reject(this.channelError('open a shell', err));
        startShellSession(this.server, channel, {
          ...options,
          closeReason: () => this.closeReason,
        }).then(resolve, reject);
      });
    });
  }

  sftp(): Promise<SFTPWrapper> {
    this.sftpSession ??= new Promise<SFTPWrapper>((resolve, reject) => {
      this.client.sftp((err, sftp) => {
        if (err) {
          this.sftpSession = undefined;
          return reject(this.channelError('open SFTP', err));
        }
        sftp.once('close', () => (this.sftpSession = undefined));
        resolve(sftp);
      });
    });
    return this.sftpSession;
  }

  exec(command: string): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, channel) => {
        if (err) return reject(this.channelError('run a command', err));
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let exitCode: number | null = null;
        let signal: string | undefined;
        channel.on('data', (d: Buffer) => stdout.push(d));
        channel.stderr.on('data', (d: Buffer) => stderr.push(d));
        channel.on('exit', (code: number | null, sig?: string) => {
          exitCode = code ?? null;
          signal = sig;
        });
        channel.on('close', () =>
          resolve({
            exitCode,
            signal,
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8'),
          }),
        );
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const done = new Promise<void>((resolve) => this.client.once('close', () => resolve()));
    this.closeReason ??= `The connection to ${this.server.label} (${this.server.host}) was closed by the app.`;
    this.client.end();
    // A polite end waits for the server; a dead link (say, a target behind a jump host that vanished) may
    // never produce a 'close': give up waiting and call it closed.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, 3_000)))]);
    clearTimeout(timer);
    if (!this.closed) {
      this.client.destroy();
      this.markClosed();
    }
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    const reason =
      this.closeReason ?? `The connection to ${this.server.label} (${this.server.host}) was closed.`;
    for (const listener of this.closeListeners) listener(reason);
  }

  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  private channelError(what: string, err: Error): SshError {
    if (this.closed) {
      return new SshError(
        'disconnected',
        `Cannot ${what} on ${this.server.label}: the connection is closed.`,
      );
    }
    return new SshError('connect-failed', `Cannot ${what} on ${this.server.label}: ${err.message}.`);
  }
}
