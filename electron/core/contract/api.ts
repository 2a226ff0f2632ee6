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
  AppInfo,
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
  Settings,
  TerminalDataPush,
  Unsubscribe,
  VerifyReport,
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

  // ------------------------------------------------------------ run records
  listRuns(): Promise<RunSummary[]>;
  getRun(input: MethodInput<'getRun'>): Promise<RunDetail>;
  verifyRun(input: MethodInput<'verifyRun'>): Promise<VerifyReport>;
  exportRun(input: MethodInput<'exportRun'>): Promise<ExportedFile>;
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
