/**
 * The one `api` object the views use: the Electron preload bridge (window.runbookApi) when present, else
 * the browser-mode WebSocket client. Both are generated from the same contract, so views cannot tell.
 *
 *   import { api, ApiError } from '../api';
 *   const runbooks = await api.listRunbooks();
 *   const off = api.onRunState((state) => …); // call off() on unmount
 *
 * The transport is chosen on first use (not at import), so importing this module has no side effects.
 */
import { ApiError, EVENT_NAMES, METHOD_NAMES } from '../../electron/core/contract/names';
import type { RunbookApi, RunbookBridge } from '../../electron/core/contract/api';
import { bridgeClient } from './bridge-client';
import { openApiSocket } from './api-socket';
import { createWsClient, type ConnectionStatus, type WsClient } from './ws-client';

export { ApiError };
export type * from '../../electron/core/contract/types';
export type { RunbookApi, EventPayloads } from '../../electron/core/contract/api';
export type { ApiErrorCode } from '../../electron/core/contract/names';
export type { ConnectionStatus } from './ws-client';

declare global {
  interface Window {
    /** Set by electron/preload/preload.ts in the desktop app. */
    runbookApi?: RunbookBridge;
  }
}

let resolved: RunbookApi | undefined;
let browserClient: WsClient | undefined;

function resolveApi(): RunbookApi {
  if (resolved) return resolved;
  if (window.runbookApi) return (resolved = bridgeClient(window.runbookApi));
  // The host served this page only to a browser holding a session (its cookie, which the socket carries).
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api`;
  browserClient = createWsClient({ url, openSocket: openApiSocket });
  return (resolved = browserClient);
}

/**
 * Browser mode: starts opening the api socket (its worker, then the WebSocket) at once, so that it is
 * ready by the time the first view asks for data instead of starting then. A no-op in Electron.
 */
export function preconnectApi(): void {
  try {
    resolveApi();
  } catch {
    return;
  }
  browserClient?.preconnect();
}

/**
 * Browser mode: the state of the page's connection to its host, told at once when it changes (the host
 * stopped, or came back). In Electron the backend lives with the window: never lost, never called.
 */
export function onConnectionStatus(listener: (status: ConnectionStatus) => void): () => void {
  try {
    resolveApi();
  } catch {
    return () => undefined;
  }
  return browserClient ? browserClient.onStatus(listener) : () => undefined;
}

/** Browser mode: try to reach the host now rather than at the next automatic retry. */
export function reconnectApiNow(): void {
  browserClient?.reconnectNow();
}

/** 'electron' inside the desktop app, 'browser' in browser mode. */
export function transportKind(): 'electron' | 'browser' {
  return window.runbookApi ? 'electron' : 'browser';
}

function lazyApi(): RunbookApi {
  const lazy: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    lazy[method] = async (input?: unknown) =>
      (resolveApi()[method] as (input?: unknown) => Promise<unknown>)(input);
  }
  for (const event of EVENT_NAMES) {
    lazy[event] = (listener: (payload: never) => void) =>
      (resolveApi()[event] as (listener: (payload: never) => void) => () => void)(listener);
  }
  return lazy as unknown as RunbookApi;
}

export const api: RunbookApi = lazyApi();
