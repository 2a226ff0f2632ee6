import type { ServerRole, TerminalDataPush } from './types';

/**
 * Terminal output over the browser-mode WebSocket travels as binary frames, not as JSON text like every
 * other message: the page then hands the UTF-8 bytes to xterm.js as they are, instead of having the browser
 * decode a text frame into a string and JSON.parse it again (at tens of MB/s, that work landed on the same
 * thread xterm.js parses and renders on). Electron IPC keeps sending the text: structured clone is cheap.
 *
 * Frame: [kind = 1][header length, uint16 big-endian][header: JSON {runId, role, chars, end?}, UTF-8][data, UTF-8]
 */
const KIND_TERMINAL_DATA = 1;
const PREFIX_BYTES = 3;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeTerminalFrame(push: {
  runId: string;
  role: ServerRole;
  data: string;
  end?: number;
}): Uint8Array {
  const header = encoder.encode(
    JSON.stringify({
      runId: push.runId,
      role: push.role,
      chars: push.data.length,
      ...(push.end !== undefined ? { end: push.end } : {}),
    }),
  );
  if (header.length > 0xffff) throw new RangeError('terminal frame header too long');
  // At most 3 bytes per UTF-16 code unit; the frame is cut to what was written.
  const frame = new Uint8Array(PREFIX_BYTES + header.length + push.data.length * 3);
  frame[0] = KIND_TERMINAL_DATA;
  frame[1] = header.length >> 8;
  frame[2] = header.length & 0xff;
  frame.set(header, PREFIX_BYTES);
  const { written } = encoder.encodeInto(push.data, frame.subarray(PREFIX_BYTES + header.length));
  return frame.subarray(0, PREFIX_BYTES + header.length + written);
}

/** The push a frame carries, or undefined when it is not a well-formed terminal frame. */
export function decodeTerminalFrame(frame: Uint8Array): TerminalDataPush | undefined {
  if (frame.length < PREFIX_BYTES || frame[0] !== KIND_TERMINAL_DATA) return undefined;
  const headerLength = (frame[1]! << 8) | frame[2]!;
  if (frame.length < PREFIX_BYTES + headerLength) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(frame.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength)));
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null) return undefined;
  const { runId, role, chars, end } = header as Record<string, unknown>;
  if (typeof runId !== 'string' || typeof role !== 'string' || typeof chars !== 'number') return undefined;
  return {
    runId,
    role: role as ServerRole,
    chars,
    ...(typeof end === 'number' ? { end } : {}),
    data: frame.subarray(PREFIX_BYTES + headerLength),
  };
}
