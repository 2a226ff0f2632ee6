import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { RunbookBridge } from '../core/contract/api';
import { EVENT_NAMES, eventChannel, METHOD_NAMES, methodChannel } from '../core/contract/names';

/**
 * The object the preload exposes as window.runbookApi, generated from the contract's name lists: one
 * function per method (invoke on its derived channel, resolving to an Envelope) and one subscribe function
 * per event. Nothing else: no raw ipcRenderer, no channel chosen by the page.
 */
export function createBridge(
  ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
): RunbookBridge {
  const bridge: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    const channel = methodChannel(method);
    bridge[method] = (input?: unknown) => ipcRenderer.invoke(channel, input);
  }
  for (const event of EVENT_NAMES) {
    const channel = eventChannel(event);
    bridge[event] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${event} expects a function`);
      // The page's listener never sees the IPC event object (it holds `sender`).
      const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, handler);
      return () => {
        ipcRenderer.removeListener(channel, handler);
      };
    };
  }
  return bridge as unknown as RunbookBridge;
}
