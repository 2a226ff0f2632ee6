/**
 * The data that crosses the contract: what the UI is sent, and the inputs it sends. Type-only imports of the
 * core models: the renderer type-checks this folder without Node types.
 */
import type { Diagnostic, Section, ServerRole, Step, VariableSpec } from '../runbook/model';
import type { AuthConfig, JumpHost, ServerConfig } from '../inventory/model';
import type { RunEvent, RunOutcome, StepStatus } from '../run/events';
import type { SearchHit } from '../runbook/search';
import type { SshConfigHost, SshConfigJump } from '../inventory/ssh-config';
import type { SshErrorCode } from '../ssh/types';

export type {
  SearchHit,
  Diagnostic,
  Section,
  ServerRole,
  Step,
  VariableSpec,
  AuthConfig,
  JumpHost,
  ServerConfig,
  RunEvent,
  StepStatus,
  SshConfigHost,
  SshConfigJump,
};

// ---------------------------------------------------------------- library

export interface RunbookSummary {
  id: string;
  title: string;
  chapter: string;
  summary?: string;
  servers: ServerRole[];
  stepCount: number;
  /** Path relative to the runbooks folder. */
  file: string;
  /** "sha256:<hex>" of the file. */
  hash: string;
  /** Lint results. A runbook with errors is not listed (it must not run), so errors is 0 here; see libraryProblems. */
  errors: number;
  warnings: number;
}

/** A step with what a view needs to show it, computed once by the backend. */
export type StepView = Step & {
  /** One-line label: the confirmation prompt, else the first line of its description, else its name. */
  title: string;
  /** Variable names (front matter) the step uses, in order, without duplicates. Never values. */
  variables: string[];
};

export interface RunbookDetail extends RunbookSummary {
  /** Markdown without the front matter, and the 1-based line where it starts in the file. */
  body: string;
  bodyLine: number;
  sections: Section[];
  steps: StepView[];
  variables: VariableSpec[];
  diagnostics: Diagnostic[];
}

export type Language = 'auto' | 'fr' | 'en';
export type Theme = 'system' | 'light' | 'dark';

export interface Settings {
  language: Language;
  theme: Theme;
}

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'browser';
  /** Shared by the app, the browser mode and the CLI. */
  dataDir: string;
  runbooksDir: string;
  platform: string;
}

// ---------------------------------------------------------------- inventory

export type SecretKind = 'password' | 'passphrase';

/** A server as the UI sees it: the inventory entry plus whether its secrets are in the keychain. */
export interface ServerView extends ServerConfig {
  /** Never the secret itself. */
  hasSecret: Record<SecretKind, boolean>;
  /** The same for its jump host (under the jump's secretId); present exactly when `jump` is. */
  jumpHasSecret?: Record<SecretKind, boolean>;
}

export type ConnectionTest =
  /** Connected and authenticated. When the key was accepted by this call, its fingerprint is given. */
  | { ok: true; hostKeyAccepted: boolean; fingerprint?: string }
  | {
      ok: false;
      /** The SSH layer's code, or 'error' for anything else. */
      code: SshErrorCode | 'error';
      message: string;
      /** For host-key-unknown/-changed: what to show the engineer before they accept (SHA256:…). */
      fingerprint?: string;
      keyType?: string;
      /**
       * For host-key-changed: the fingerprint known_hosts holds, and the file and line it is on (for
       * host-key-revoked: where the presented key is marked @revoked).
       */
      recordedFingerprint?: string;
      recordedKeyType?: string;
      knownHostsLine?: number;
      knownHostsPath?: string;
      /** The recorded entry is in one of the engineer's OpenSSH files, which the app never edits (no "forget"). */
      recordedReadOnly?: boolean;
      /** For host-key-unknown: "file:line" of a @cert-authority for the host, which the app cannot use. */
      certAuthority?: string;
    };

/** The hosts of the engineer's ~/.ssh/config, offered as inventory candidates (nothing is saved). */
export interface SshConfigImport {
  /** The file that was read. */
  path: string;
  /** False when there is no such file (hosts is then empty). */
  found: boolean;
  hosts: SshConfigHost[];
  /** Lines skipped on purpose (Match, Include, malformed), each naming its line. */
  notes: string[];
}

// ---------------------------------------------------------------- runs

/** Mirrors the run engine's state (electron/core/run/engine-types.ts EngineState). */
export type RunPhase =
  | 'idle' // waiting for runNext / runUntilPause
  | 'running'
  | 'awaiting-confirmation' // the current step has a `confirm` prompt: confirmStep or skipStep
  | 'awaiting-manual' // the current step is a manual task: tickManual or skipStep
  | 'failed' // the current step failed: retryStep, skipStep or abortRun
  | 'interrupted' // a step was interrupted: retryStep, or abortRun
  | 'awaiting-reconnect' // the current step's server dropped its shell: reconnectRun, or abortRun
  | 'finished'
  | 'aborted';

export interface RunStepState {
  name: string;
  kind: 'shell' | 'file' | 'manual';
  target?: ServerRole;
  /** What the step runs, with its values and secrets masked: the command, the file's path, the task's text. */
  display: string;
  status: StepStatus | 'ticked';
  attempt: number;
}

/** A server's secret that a step needed and the keychain did not hold (setServerSecret's fields). */
export interface MissingSecret {
  serverId: string;
  kind: 'password' | 'passphrase';
  /** The secret of the server's jump host, not its own. */
  jump?: true;
  /** The server's label, to say whose secret it is. */
  label: string;
}

/** The whole state of a run as the backend knows it; pushed by onRunState after every change. */
export interface RunState {
  runId: string;
  runbookId: string;
  phase: RunPhase;
  /** Name of the step the run stands at (undefined once every step is done). */
  current?: string;
  /** For awaiting-confirmation / awaiting-manual: the masked prompt and command or task text to show. */
  pending?: { step: string; prompt?: string; command: string };
  /** The last error that was not a step's exit status (connection refused, host key, install error). */
  lastError?: {
    step: string;
    message: string;
    code?: string;
    /** A password or key passphrase the keychain lacks: the run page asks for it, stores it, and retries. */
    missingSecret?: MissingSecret;
  };
  steps: RunStepState[];
  /** Servers whose connection dropped and for which the engineer has not chosen yet. */
  lost: Array<{ role: ServerRole; reason: string }>;
  /** For awaiting-reconnect: the server the current step needs, and the set-up steps 'replay' re-runs. */
  reconnect?: { role: ServerRole; reason: string; replay: string[] };
  /** Servers with an open terminal in this run. */
  terminals: ServerRole[];
}

/**
 * What verifying a run record found (docs/run-records.md): signed by a trusted key and intact; intact but
 * unsigned (no signature, or a key the allowed signers file does not list); or broken.
 */
export type RecordState = 'signed' | 'unsigned' | 'broken';

export interface RecordStatus {
  state: RecordState;
  /** signed: the principal the allowed signers file vouches for. */
  principal?: string;
  /** "SHA256:…" of the key that made the signature (also of a key not allowed). */
  fingerprint?: string;
  /** unsigned: no seal at all, a seal without its signature, or a key not in the allowed signers. */
  unsignedReason?: 'no-seal' | 'no-signature' | 'key-not-allowed';
}

/** A recorded run (electron/core/run/history.ts reads it from the journal; the backend adds `live`). */
export interface RunSummary {
  runId: string;
  runbookId?: string;
  title?: string;
  operator?: string;
  servers: Array<{ role: string; host: string }>;
  /** ISO time of the run-started event (or of the first event). */
  startedAt?: string;
  /** Up to run-finished, or up to the last event of an interrupted run. */
  durationMs?: number;
  /** 'interrupted' when the journal has no run-finished event (crash, closed laptop, killed CLI). */
  outcome: RunOutcome;
  /** Steps that failed and were skipped by the engineer, and warning lines printed (run/run-concerns.ts). */
  skippedFailures: string[];
  warnings: number;
  /** The record is not broken (hash chain, seq, head, seal and transcripts intact); see `record`. */
  verified: boolean;
  /** Signed, unsigned or broken, and by whom. */
  record: RecordStatus;
  problems: string[];
  resumedFrom?: string;
  /** The run is open in this backend right now (its state is pushed by onRunState). */
  live: boolean;
}

export interface RunDetail {
  summary: RunSummary;
  /** Every event that could be read, in order. */
  events: RunEvent[];
  /** Present when the run is live in this backend. */
  state?: RunState;
}

export interface VerifyReport extends RecordStatus {
  /** Not broken (signed or unsigned). */
  ok: boolean;
  /** seq of the last event the seal covers. */
  sealedSeq?: number;
  events: number;
  /** What is wrong, each naming the line (1-based) of journal.jsonl when it can. */
  problems: string[];
  /** Harmless findings (e.g. an event written just before a crash). */
  notes: string[];
}

/** The per-install signing key's public half (its private half never leaves the OS keychain). */
export interface SigningKeyInfo {
  principal: string;
  /** OpenSSH public key line. */
  publicKey: string;
  fingerprint: string;
  /** The line to put in an allowed_signers file kept by whoever checks the records. */
  allowedSignersLine: string;
  /** The allowed_signers file of this data dir (already trusting this key). */
  allowedSignersFile: string;
  /** The namespace the seals are signed for (ssh-keygen -Y verify -n). */
  namespace: string;
}

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/** One asciicast v2 event: seconds since the part's start, code (o output, i input, m marker, r resize), data. */
export type CastEvent = [time: number, code: 'o' | 'i' | 'm' | 'r', data: string];

/** One transcript file: `app.cast` for the run, `app.2.cast`… for each resumed part. */
export interface TranscriptPart {
  file: string;
  width: number;
  height: number;
  /** Unix time (seconds) of the part's start. */
  timestamp: number;
  /** Already redacted when recorded; markers carry step names. */
  events: CastEvent[];
  /** The last line was cut short (the app stopped while writing it). */
  truncated: boolean;
}

/** The recorded terminal of one server in one run, for replay. */
export interface Transcript {
  runId: string;
  role: ServerRole;
  /** Empty when nothing ran on that server. */
  parts: TranscriptPart[];
  /** Output beyond the size limit was left out (the .cast files in the run folder are complete). */
  clipped: boolean;
}

// ---------------------------------------------------------------- events

export interface RunEventPush {
  runId: string;
  event: RunEvent;
}

export interface TerminalDataPush {
  runId: string;
  role: ServerRole;
  /**
   * The output as text; in browser mode, its UTF-8 bytes (a binary WebSocket frame, see
   * terminal-frame.ts), which xterm.js takes as they are.
   */
  data: string | Uint8Array;
  /** Its length as text (UTF-16 code units): the unit of flow control on both sides (ackTerminal). */
  chars: number;
  /**
   * Where this chunk ends in the terminal's stream (characters since the run part began), for the seam
   * with replayTerminal. Absent for ad-hoc terminals, which are not replayed.
   */
  end?: number;
}

/** The end of a live terminal's transcript (replayTerminal). */
export interface TerminalReplay {
  /** Output text, already redacted when recorded; empty when nothing was recorded yet. */
  data: string;
  /** Where `data` ends in the stream: live pushes with `end` <= this are already in it. */
  end: number;
  /** Older output was left out (bounded replay); the .cast file in the run folder is complete. */
  clipped: boolean;
}

export type Unsubscribe = () => void;

// ---------------------------------------------------------------- guided run and terminals (helper I2)

/** One problem of a run's form, from the binder: `field` is a variable name or "servers.<role>". */
export interface RunInputProblem {
  field: string;
  code: string;
  message: string;
}

export interface RunInputsCheck {
  errors: RunInputProblem[];
  /** Secret variables that already have a value in the keychain (the form need not ask for them). */
  storedSecrets: string[];
}

export interface FilePreview {
  step: string;
  /** Masked destination path. */
  path: string;
  /** Unified diff (current -> new), secrets redacted. */
  diff: string;
  existed: boolean;
  changed: boolean;
}

export interface AdhocTerminal {
  /** The ad-hoc run's id: terminal calls and onTerminalData use it like a run's. */
  runId: string;
  role: ServerRole;
  serverId: string;
  label: string;
}
