/**
 * RunbookApi: everything the UI can ask of the backend, and everything the backend pushes to it.
 * Implemented by the Backend (electron/core/backend); carried by Electron IPC (electron/main + preload) and by
 * the browser-mode WebSocket (electron/web + renderer/api/ws-client.ts), both derived from names.ts.
 *
 * Every method takes at most one JSON-serialisable input object and returns a Promise; every failure is an
 * ApiError (names.ts) with a code. Events are `onX(listener) => unsubscribe`.
 */
import type { Envelope, EventName, MethodName } from './names';
import type { MethodInput } from './schemas';
import type {
  AdhocTerminal,
  AppInfo,
  FilePreview,
  RunInputsCheck,
  Diagnostic,
  ConnectionTest,
  ExportedFile,
  RunbookDetail,
  RunbookSummary,
  RunDetail,
  RunEventPush,
  RunState,
  RunSummary,
  SearchHit,
  ServerView,
  SshConfigImport,
  Transcript,
  Settings,
  TerminalDataPush,
  TerminalReplay,
  Unsubscribe,
  VerifyReport,
  SigningKeyInfo,
} from './types';

export interface RunbookMethods {
  // ------------------------------------------------------------ library
  appInfo(): Promise<AppInfo>;
  /** Runbooks that lint cleanly (errors keep a runbook out of the library: it must not run). */
  listRunbooks(): Promise<RunbookSummary[]>;
  /** Lint errors and warnings of the runbooks folder, including the files left out of the library. */
  libraryProblems(): Promise<Diagnostic[]>;
  /** not-found when no runbook has this id. */
  getRunbook(input: MethodInput<'getRunbook'>): Promise<RunbookDetail>;
  searchRunbooks(input: MethodInput<'searchRunbooks'>): Promise<SearchHit[]>;
  /** Electron only: prints the runbook to PDF and asks where to save it; resolves to the path, or null if cancelled. */
  exportRunbookPdf(input: MethodInput<'exportRunbookPdf'>): Promise<{ path: string | null }>;
  /** Electron only: the system's file picker for a private key file; resolves to its path, or null if cancelled. */
  chooseKeyFile(): Promise<{ path: string | null }>;
  getSettings(): Promise<Settings>;
  /** Merges the given fields into the settings; resolves to the whole new settings. */
  setSettings(input: MethodInput<'setSettings'>): Promise<Settings>;

  // ------------------------------------------------------------ inventory and keychain
  listServers(): Promise<ServerView[]>;
  upsertServer(input: MethodInput<'upsertServer'>): Promise<ServerView>;
  /** Also forgets the server's secrets. */
  removeServer(input: MethodInput<'removeServer'>): Promise<void>;
  /** Stores a password or key passphrase in the OS keychain; it never comes back out through the api. */
  setServerSecret(input: MethodInput<'setServerSecret'>): Promise<ServerView>;
  forgetServerSecret(input: MethodInput<'forgetServerSecret'>): Promise<ServerView>;
  /**
   * Connects and disconnects. An unknown host key yields { ok: false, code: 'host-key-unknown', fingerprint };
   * after the engineer compares it, call again with acceptFingerprint to record it in known_hosts.
   * A changed key is always refused.
   */
  testConnection(input: MethodInput<'testConnection'>): Promise<ConnectionTest>;
  /**
   * Removes from the app's known_hosts the entry of this server (or its jump host) whose key has the given
   * fingerprint: the way out of host-key-changed once the new key was verified out of band. Resolves to the
   * number of lines removed (0 when none matched).
   */
  forgetHostKey(input: MethodInput<'forgetHostKey'>): Promise<{ removed: number }>;
  /** Reads the engineer's ~/.ssh/config and offers its concrete hosts; saves nothing. */
  importSshConfig(): Promise<SshConfigImport>;

  // ------------------------------------------------------------ runs
  startRun(input: MethodInput<'startRun'>): Promise<RunState>;
  /** Runs the current step (one), then stops. */
  runNext(input: MethodInput<'runNext'>): Promise<RunState>;
  /** Runs steps until one needs the engineer (confirmation, manual task, failure) or the end. */
  runUntilPause(input: MethodInput<'runUntilPause'>): Promise<RunState>;
  confirmStep(input: MethodInput<'confirmStep'>): Promise<RunState>;
  skipStep(input: MethodInput<'skipStep'>): Promise<RunState>;
  retryStep(input: MethodInput<'retryStep'>): Promise<RunState>;
  tickManual(input: MethodInput<'tickManual'>): Promise<RunState>;
  abortRun(input: MethodInput<'abortRun'>): Promise<RunState>;
  writeTerminal(input: MethodInput<'writeTerminal'>): Promise<void>;
  resizeTerminal(input: MethodInput<'resizeTerminal'>): Promise<void>;
  ackTerminal(input: MethodInput<'ackTerminal'>): Promise<void>;
  /**
   * After a lost connection (phase awaiting-reconnect): journals the engineer's choice, and for 'replay'
   * re-runs the server's set-up steps (state.reconnect.replay) in a new shell. Then runNext/runUntilPause.
   */
  reconnectRun(input: MethodInput<'reconnectRun'>): Promise<RunState>;
  /**
   * The end of a live terminal's transcript (redacted, bounded), to fill a reopened terminal's scrollback;
   * `end` is where it stops in the stream, so that pushes with `end` at or before it are already shown.
   */
  replayTerminal(input: MethodInput<'replayTerminal'>): Promise<TerminalReplay>;
  /**
   * Checks the form of a run with the binder (the authority; the form also checks patterns as you type):
   * field errors by variable, and which secret variables already have a value in the keychain.
   */
  checkRunInputs(input: MethodInput<'checkRunInputs'>): Promise<RunInputsCheck>;
  /** Generates a secret variable with the CSPRNG and stores it in the keychain; the value never comes back. */
  generateVariable(input: MethodInput<'generateVariable'>): Promise<{ name: string; stored: true }>;
  /** For a file step of a live run: the unified diff between the server's current file and the new one, redacted. */
  previewFile(input: MethodInput<'previewFile'>): Promise<FilePreview>;
  /** A shell on a server outside any run, recorded as an ad-hoc run (journal + .cast) listed in the history. */
  openTerminal(input: MethodInput<'openTerminal'>): Promise<AdhocTerminal>;
  closeTerminal(input: MethodInput<'closeTerminal'>): Promise<void>;

  // ------------------------------------------------------------ run records
  listRuns(): Promise<RunSummary[]>;
  getRun(input: MethodInput<'getRun'>): Promise<RunDetail>;
  verifyRun(input: MethodInput<'verifyRun'>): Promise<VerifyReport>;
  /** Markdown, a self-contained HTML page (all run text escaped), or JSON. */
  exportRun(input: MethodInput<'exportRun'>): Promise<ExportedFile>;
  /** The asciicast events of one server's terminal in a run (redacted when recorded), for replay. */
  getTranscript(input: MethodInput<'getTranscript'>): Promise<Transcript>;
  /** The per-install key that signs run records (made on first use): its public half, for Settings. */
  signingKey(): Promise<SigningKeyInfo>;
}

export interface EventPayloads {
  onRunEvent: RunEventPush;
  /** The run's whole state after each change: the UI renders it, never computes it. */
  onRunState: RunState;
  onTerminalData: TerminalDataPush;
}

export type RunbookEvents = {
  [E in EventName]: (listener: (payload: EventPayloads[E]) => void) => Unsubscribe;
};

export type RunbookApi = RunbookMethods & RunbookEvents;

// Compile-time guarantees that names.ts and these interfaces list the same methods and events.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodsMatch: Exactly<keyof RunbookMethods, MethodName> = true;
const eventsMatch: Exactly<keyof EventPayloads, EventName> = true;
void methodsMatch;
void eventsMatch;

/** The input a method takes (undefined for methods without input). */
export type InputOf<K extends MethodName> =
  Parameters<RunbookMethods[K]> extends [infer I, ...unknown[]] ? I : undefined;
export type OutputOf<K extends MethodName> = Awaited<ReturnType<RunbookMethods[K]>>;

/**
 * What the Electron preload exposes as window.runbookApi: the same methods, but resolving to an Envelope
 * instead of throwing, because an Error crossing contextBridge keeps its message and loses its `code`.
 * renderer/api turns it back into a RunbookApi (bridge-client.ts); views never see the difference.
 */
export type RunbookBridge = {
  [K in MethodName]: (input?: unknown) => Promise<Envelope<OutputOf<K>>>;
} & RunbookEvents;
