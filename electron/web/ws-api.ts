import type { WebSocket } from 'ws';
import type { RunbookApi } from '../core/contract/api';
import { EVENT_NAMES } from '../core/contract/names';
import { dispatch } from '../core/backend/dispatch';
import { encodeTerminalFrame } from '../core/contract/terminal-frame';
import type { TerminalDataPush } from '../core/contract/types';

/** The subprotocol of the page's WebSocket (renderer/api/ws-client.ts); the session rides in its cookie. */
export const WS_PROTOCOL = 'runbook.v1';

type Request = { id: number | string; method: string; input?: unknown };

function parseRequest(text: string): Request | { error: string; id: number | string | null } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'The message is not JSON.', id: null };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'The message must be an object {id, method, input}.', id: null };
  }
  const { id, method, input } = value as Record<string, unknown>;
  const validId = typeof id === 'number' || typeof id === 'string' ? id : null;
  if (validId === null) return { error: 'The message has no "id" (a number or a string).', id: null };
  if (typeof method !== 'string') return { error: 'The message has no "method" (a string).', id: validId };
  return { id: validId, method, input };
}

/**
 * Carries the contract over one authenticated WebSocket: requests go through the same dispatch (and so
 * the same input validation) as Electron IPC; every backend event is pushed as {event, payload}, except
 * terminal output, which goes as binary frames (core/contract/terminal-frame.ts).
 *
 * What a client sends cannot take the host down, and answers go to that client only:
 * - a frame the socket cannot read (over WS_MAX_MESSAGE_BYTES, not masked, a reserved opcode, text that is
 *   not UTF-8): `ws` closes this socket with the close code that says why (1009, 1002, 1007) and emits
 *   'error', which `onError` hears (without a listener Node would treat it as uncaught and exit);
 * - a message that is read but wrong (not JSON, not {id, method, input}, binary, an input its schema
 *   refuses): an {id, error: {code: 'invalid-input', message}} reply, and the socket stays open, exactly
 *   as Electron IPC answers bad input (core/contract/methods.ts).
 */
export function serveApiConnection(api: RunbookApi, ws: WebSocket, onError: (error: Error) => void): void {
  ws.on('error', onError);
  const sendFrame = (frame: string | Uint8Array) => {
    if (ws.readyState === ws.OPEN) ws.send(frame);
  };
  const send = (message: unknown) => sendFrame(JSON.stringify(message));
  const sendTerminalData = ({ runId, role, data, end }: TerminalDataPush) => {
    // The backend's pushes are text; bytes would only come from another transport's client.
    if (typeof data === 'string') sendFrame(encodeTerminalFrame({ runId, role, data, end }));
  };
  const unsubscribe = EVENT_NAMES.map((event) =>
    event === 'onTerminalData'
      ? api.onTerminalData(sendTerminalData)
      : (api[event] as (listener: (payload: unknown) => void) => () => void)((payload) =>
          send({ event, payload }),
        ),
  );
  ws.on('close', () => unsubscribe.forEach((off) => off()));

  ws.on('message', (data, isBinary) => {
    if (isBinary)
      return send({
        id: null,
        error: { code: 'invalid-input', message: 'Binary messages are not accepted.' },
      });
    const request = parseRequest(data.toString());
    if ('error' in request) {
      return send({ id: request.id, error: { code: 'invalid-input', message: request.error } });
    }
    void dispatch(api, request.method, request.input)
      .then((envelope) =>
        send(
          envelope.ok
            ? { id: request.id, result: envelope.result }
            : { id: request.id, error: envelope.error },
        ),
      )
      // dispatch never rejects, but a result that cannot be serialised would: answer, never crash.
      .catch((error: unknown) =>
        send({ id: request.id, error: { code: 'internal', message: (error as Error).message } }),
      );
  });
}
