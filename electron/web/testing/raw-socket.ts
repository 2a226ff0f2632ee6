/**
 * A WebSocket client written out by hand over TCP, for tests that must send what no WebSocket library
 * sends: a frame announcing more than the limit, a truncated frame, an unmasked one, a reserved opcode,
 * text that is not UTF-8. Only what those tests need: the handshake, building client frames, and reading
 * the server's close frame.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface RawSocket {
  socket: net.Socket;
  /** Resolves with the close code of the server's close frame, or null if the connection ended without one. */
  closed: Promise<number | null>;
  /** Text of the server's data frames so far (JSON replies), in order. */
  texts: string[];
  /** Resolves with the next text frame the server sends. */
  nextText(): Promise<string>;
}

/** Opens /api with the given headers; rejects unless the server answers 101. */
export function rawConnect(port: number, headers: Record<string, string>): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const lines = [
      'GET /api HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: runbook.v1',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(lines.join('\r\n') + '\r\n\r\n');
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const texts: string[] = [];
    const waiters: Array<(text: string) => void> = [];
    let resolveClosed: (code: number | null) => void = () => undefined;
    const closed = new Promise<number | null>((r) => (resolveClosed = r));
    socket.on('error', () => resolveClosed(null));
    socket.on('close', () => resolveClosed(null));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        buffer = buffer.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          return reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
        }
        upgraded = true;
        resolve({
          socket,
          closed,
          texts,
          nextText: () => new Promise((r) => waiters.push(r)),
        });
      }
      // Server frames are never masked; our tests only get short ones (replies, close).
      for (;;) {
        const frame = readFrame(buffer);
        if (!frame) return;
        buffer = buffer.subarray(frame.size);
        if (frame.opcode === 0x8)
          resolveClosed(frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005);
        if (frame.opcode === 0x1) {
          const text = frame.payload.toString('utf8');
          texts.push(text);
          waiters.shift()?.(text);
        }
      }
    });
  });
}

function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (buffer.length < 2) return undefined;
  const opcode = buffer[0]! & 0x0f;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  if (buffer.length < offset + length) return undefined;
  return { opcode, payload: buffer.subarray(offset, offset + length), size: offset + length };
}

/** The header of a client frame (FIN set) announcing `length` payload bytes. */
export function frameHeader(opcode: number, length: number, masked = true): Buffer {
  const first = 0x80 | opcode;
  const mask = masked ? 0x80 : 0;
  if (length < 126) return Buffer.from([first, mask | length]);
  if (length < 65536) {
    const b = Buffer.alloc(4);
    b[0] = first;
    b[1] = mask | 126;
    b.writeUInt16BE(length, 2);
    return b;
  }
  const b = Buffer.alloc(10);
  b[0] = first;
  b[1] = mask | 127;
  b.writeBigUInt64BE(BigInt(length), 2);
  return b;
}

/** A whole masked client frame. */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const key = randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i] = masked[i]! ^ key[i % 4]!;
  return Buffer.concat([frameHeader(opcode, payload.length), key, masked]);
}

export const OPCODE_TEXT = 0x1;
