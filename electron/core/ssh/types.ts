import type { ServerConfig } from '../inventory/model';
import type { SecretStore } from '../vault/secret-store';

/** SHA256 fingerprint in OpenSSH form: "SHA256:base64-without-padding". */
export type Fingerprint = string;

/** What the engineer decides for a host key that known_hosts does not have yet. */
export type UnknownHostKeyPolicy =
  | 'reject'
  | 'accept'
  | ((info: { host: string; port: number; keyType: string; fingerprint: Fingerprint }) => Promise<boolean>);

export interface ConnectOptions {
  secrets: SecretStore;
  /** Path of the app-owned OpenSSH-format known_hosts file (in the data directory): the one accepts write to. */
  knownHostsPath: string;
  /**
   * Other known_hosts files trusted as they are, read and never written: in the app, the engineer's OpenSSH
   * files (openSshKnownHostsFiles()). Default none, so that nothing reads the real home directory unless
   * its composition root asks for it.
   */
  trustedKnownHostsFiles?: readonly string[];
  onUnknownHostKey: UnknownHostKeyPolicy;
  connectTimeoutMs?: number; // default 15 000
  keepaliveIntervalMs?: number; // default 15 000
  /** Path of the ssh-agent socket for agent auth; default process.env.SSH_AUTH_SOCK. */
  agentSocket?: string;
}

/** Errors with a code the UI and CLI can act on; messages are complete sentences for the engineer. */
export type SshErrorCode =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'auth-failed'
  | 'connect-timeout'
  | 'connect-failed'
  | 'secret-missing'
  | 'disconnected';

export class SshError extends Error {
  constructor(
    readonly code: SshErrorCode,
    message: string,
    readonly details: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SshError';
  }
}

export interface StepResult {
  /** Exit status of the step; null when none could be known (connection lost). */
  exitCode: number | null;
  durationMs: number;
  timedOut: boolean;
  cancelled: boolean;
  /** The connection dropped during the step. */
  disconnected: boolean;
}

export interface RunStepOptions {
  timeoutMs?: number;
  /** Shown dimmed in the terminal after the prompt, above the step's output (one line each; run/step-echo.ts). */
  title?: string;
  /**
   * The step's own output: exactly the text between its start and end markers (markers removed), without
   * the title line or the prompts around it. The same text also reaches onData listeners, prompts included.
   */
  onOutput?: (data: string) => void;
}

/**
 * One persistent interactive shell (PTY) on one server. Steps run in it one at a time, in the same shell
 * state. Output goes to data listeners with the boundary markers removed.
 */
export interface ShellSession {
  readonly server: ServerConfig;
  /** Display output (markers stripped), for the terminal and the transcript. */
  onData(listener: (data: string) => void): () => void;
  onClose(listener: (reason: string) => void): () => void;
  runStep(script: string, options?: RunStepOptions): Promise<StepResult>;
  /** Keystrokes from the engineer (or a test) into the shell. */
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Ctrl-C to the running step. */
  cancel(): void;
  /** Flow control: stop reading from the channel until resume() (for a slow terminal). */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export interface FileInstallRequest {
  path: string;
  content: string;
  mode?: string;
  owner?: string;
  sudo: boolean;
}

export interface FileInstallResult {
  /** Unified diff between the previous file (empty if none) and the new content. */
  diff: string;
  existed: boolean;
  changed: boolean;
}
