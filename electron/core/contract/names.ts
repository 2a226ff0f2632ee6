/**
 * The names of the RunbookApi, as runtime lists. Everything that carries the contract (IPC channels, the
 * preload bridge, the IPC registration, the WebSocket dispatcher and client) is generated from these lists,
 * so adding a method is: its name here, its input schema in schemas.ts, its signature in api.ts, and its
 * implementation in the Backend. The compiler checks that the four agree (see api.ts and methods.ts).
 *
 * Pure TypeScript without imports: the renderer's WebSocket client imports this module at runtime.
 */

export const METHOD_NAMES = [
  // library
  'appInfo',
  'listRunbooks',
  'libraryProblems',
  'getRunbook',
  'searchRunbooks',
  'exportRunbookPdf',
  'chooseKeyFile',
  'getSettings',
  'setSettings',
  // inventory and keychain
  'listServers',
  'upsertServer',
  'removeServer',
  'setServerSecret',
  'forgetServerSecret',
  'testConnection',
  'forgetHostKey',
  'importSshConfig',
  // runs
  'startRun',
  'runNext',
  'runUntilPause',
  'confirmStep',
  'skipStep',
  'retryStep',
  'tickManual',
  'abortRun',
  'writeTerminal',
  'resizeTerminal',
  'ackTerminal',
  // lost connections and reopened run pages (docs/runs-and-connections.md)
  'reconnectRun',
  'replayTerminal',
  // guided run and terminals (helper I2)
  'checkRunInputs',
  'generateVariable',
  'previewFile',
  'openTerminal',
  'closeTerminal',
  // run records
  'listRuns',
  'getRun',
  'verifyRun',
  'exportRun',
  'getTranscript',
  // run record signing (docs/run-records.md)
  'signingKey',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

/** Pushed by the backend; each is exposed as `api.onX(listener) => unsubscribe`. */
export const EVENT_NAMES = ['onRunEvent', 'onRunState', 'onTerminalData'] as const;

export type EventName = (typeof EVENT_NAMES)[number];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** Electron IPC channel of a method (ipcMain.handle / ipcRenderer.invoke). */
export function methodChannel(method: MethodName): string {
  return `runbook:invoke:${method}`;
}

/** Electron IPC channel of an event (webContents.send / ipcRenderer.on). */
export function eventChannel(event: EventName): string {
  return `runbook:event:${event}`;
}

/** Error codes carried by ApiError across both transports. */
export type ApiErrorCode =
  | 'invalid-input' // the input failed its schema; the message names the field
  | 'unknown-method'
  | 'not-found'
  | 'not-available' // the method exists in the contract but this build/mode does not provide it
  | 'conflict' // e.g. a run is already active, a step is not in the expected state
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'auth-failed'
  | 'connect-timeout'
  | 'connect-failed'
  | 'secret-missing'
  | 'disconnected'
  | 'forbidden'
  | 'internal';

/**
 * The one error type the api throws, on both sides of both transports. The message is a sentence for the
 * engineer; the code is for the UI to choose what to do (e.g. offer to accept a host key).
 */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What crosses a transport for one call: never a thrown object, whose fields IPC would drop. */
export type Envelope<T = unknown> =
  { ok: true; result: T } | { ok: false; error: { code: ApiErrorCode; message: string } };

export function unwrapEnvelope<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.result;
  throw new ApiError(envelope.error.code, envelope.error.message);
}
