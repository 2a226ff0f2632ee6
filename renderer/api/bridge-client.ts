/**
 * The RunbookApi over the Electron preload bridge (window.runbookApi, electron/preload/preload.ts).
 * The bridge resolves every call to an Envelope (an Error crossing contextBridge would lose its code);
 * here it becomes a result or a thrown ApiError again, exactly as over the WebSocket.
 */
import { EVENT_NAMES, METHOD_NAMES, unwrapEnvelope, type Envelope } from '../../electron/core/contract/names';
import type { RunbookApi, RunbookBridge } from '../../electron/core/contract/api';

export function bridgeClient(bridge: RunbookBridge): RunbookApi {
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    const call = bridge[method] as (input?: unknown) => Promise<Envelope>;
    api[method] = async (input?: unknown) => unwrapEnvelope(await call(input));
  }
  for (const event of EVENT_NAMES) api[event] = bridge[event];
  return api as unknown as RunbookApi;
}
