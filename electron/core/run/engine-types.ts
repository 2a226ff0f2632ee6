import type { ServerRole } from '../runbook/model';
import type { FileInstallRequest, FileInstallResult, ShellSession } from '../ssh/types';
import type { RunEvent, RunEventBody, StepStatus } from './events';

/**
 * What the run engine needs to know about one step of a bound plan. The runner maps the binder's Plan onto
 * this (plan-steps.ts) so that the engine depends on nothing but these few fields.
 * `display` is the masked text that events, the UI and confirmations show; `render()` gives the real text
 * (secrets included) at execution time only, and it only ever goes to the server.
 */
interface EngineStepBase {
  name: string;
  ref?: string;
  /** Masked approval prompt; the step waits for confirm() before it runs. */
  confirm?: string;
}

export interface EngineShellStep extends EngineStepBase {
  kind: 'shell';
  target: ServerRole;
  display: string;
  /** Masked `unless` command, echoed in the terminal before it runs. */
  displayUnless?: string;
  render(): { command: string; unless?: string };
  expect: number[];
  timeoutMs?: number;
  check: boolean;
}

export interface EngineFileStep extends EngineStepBase {
  kind: 'file';
  target: ServerRole;
  /** Masked destination path. */
  display: string;
  /** The runbook's `sensitive` attribute, when given (diff-mask.ts decides otherwise). */
  sensitive?: boolean;
  render(): FileInstallRequest;
}

export interface EngineManualStep extends EngineStepBase {
  kind: 'manual';
  /** Masked text of the task item. */
  display: string;
}

export type EngineStep = EngineShellStep | EngineFileStep | EngineManualStep;

/** Where events go first: the journal. append() returns (or resolves) once the line is flushed to disk. */
export interface EventSink {
  append(body: RunEventBody): RunEvent | Promise<RunEvent>;
}

/** The per-server transcript (asciicast) as the engine uses it. */
export interface TerminalRecorder {
  output(data: string): void;
  marker(label: string): void;
  resize?(cols: number, rows: number): void;
  /**
   * Writes out what is buffered and says where the transcript file ends now: everything output() was given
   * so far is in `file` before byte `bytes`. The seam of a terminal's replay (backend/terminal-replay.ts).
   */
  checkpoint?(): { file: string; bytes: number };
}

/**
 * Removes every known secret from text before it is shown, recorded or journaled. `stream()` makes a
 * redactor for one terminal stream: it may hold back the start of a secret split across two chunks.
 */
export interface TextRedactor {
  redact(text: string): string;
  stream(): { push(chunk: string): string; flush(): string };
}

/** An opened shell plus what the engine journals about the connection. */
export interface OpenedSession {
  session: ShellSession;
  fingerprint: string;
  /** Set when the host key was unknown and accepted during this connection. */
  acceptedHostKey?: { host: string; port: number; fingerprint: string };
}

export interface Clock {
  now(): number;
}

export interface EngineServices {
  journal: EventSink;
  /** Opens (connects) the shell of a server; called lazily, once per server per run (again after a drop). */
  openSession(role: ServerRole): Promise<OpenedSession>;
  installFile(role: ServerRole, request: FileInstallRequest): Promise<FileInstallResult>;
  recorderFor(role: ServerRole): TerminalRecorder;
  redactor: TextRedactor;
  clock: Clock;
  operator: string;
}

export type EngineState =
  | 'idle'
  | 'running'
  | 'awaiting-confirmation'
  | 'awaiting-manual'
  | 'failed'
  | 'finished'
  | 'aborted'
  | 'interrupted'
  | 'awaiting-reconnect';

/** What a step looks like to a UI: its status and, for the current step, what it waits for. */
export interface EngineStepView {
  name: string;
  kind: EngineStep['kind'];
  target?: ServerRole;
  /** What the step runs, masked: the command, the file's path, or the task's text. */
  display: string;
  status: StepStatus | 'ticked';
  attempt: number;
}

export interface EngineSnapshot {
  state: EngineState;
  /** Name of the step the run stands at (undefined once every step is done). */
  current?: string;
  /** For awaiting-confirmation: the masked prompt and command to show. */
  pending?: { step: string; prompt?: string; command: string };
  /** The last error that was not a step's exit status (connection refused, host key, install error). */
  lastError?: { step: string; message: string; code?: string; details?: Record<string, string> };
  /** Servers whose shell dropped and for which the engineer has not chosen yet (reconnect-policy.ts). */
  lost: Array<{ role: ServerRole; reason: string }>;
  /** For awaiting-reconnect: the server the current step needs, and the set-up steps "replay" would re-run. */
  reconnect?: { role: ServerRole; reason: string; replay: string[] };
  steps: EngineStepView[];
}

export type EngineErrorCode = 'invalid-state' | 'unknown-step' | 'reason-required' | 'busy';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
