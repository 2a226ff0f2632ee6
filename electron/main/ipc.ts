import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import type { RunbookApi } from '../core/contract/api';
import { EVENT_NAMES, eventChannel, METHOD_NAMES, methodChannel } from '../core/contract/names';
import { dispatch } from '../core/backend/dispatch';

/**
 * One ipcMain.handle per contract method, on the channel derived from its name. Each call is checked for
 * its sender before anything else, then goes through the same dispatch (schema validation) as the
 * browser mode. Returns the function that removes the handlers.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  api: RunbookApi,
  isTrustedSender: (frame: WebFrameMain | null | undefined) => boolean,
): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), async (event: IpcMainInvokeEvent, raw: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        throw new Error(`Refused ${method}: the message does not come from the app's own window.`);
      }
      return dispatch(api, method, raw);
    });
  }
  return () => METHOD_NAMES.forEach((method) => ipcMain.removeHandler(methodChannel(method)));
}

/** Forwards every backend event to the window; stops by itself when the window is gone. */
export function forwardEvents(api: RunbookApi, contents: WebContents): () => void {
  const unsubscribe = EVENT_NAMES.map((event) =>
    (api[event] as (listener: (payload: unknown) => void) => () => void)((payload) => {
      if (!contents.isDestroyed()) contents.send(eventChannel(event), payload);
    }),
  );
  const stop = () => unsubscribe.forEach((off) => off());
  contents.once('destroyed', stop);
  return stop;
}
