import fs from 'node:fs';

/**
 * The end of an asciicast transcript as terminal text: what a reopened terminal shows again of a live run
 * (backend/runs.ts replayTerminal). Bounded twice, so that a 1 GB transcript costs what a small one does:
 * only the last `maxBytes` of the file are read (never the whole file), and only the last `maxLines` lines
 * of their output are kept (the terminal's own scrollback, liveTerminal.ts, holds no more).
 *
 * The transcript was redacted before it was written (EngineSessions): the replay shows nothing the live
 * terminal did not.
 */

/** Bytes of .cast file read at most: JSON-escaped output, a few thousand terminal lines. */
export const CAST_TAIL_BYTES = 2 * 1024 * 1024;
/** The terminal's scrollback (renderer/terminal/liveTerminal.ts). */
export const CAST_TAIL_LINES = 5000;

export interface CastTail {
  data: string;
  /** Older output was left out. */
  clipped: boolean;
}

/**
 * The output ('o' events) of a piece of a .cast file. `fromFileStart`: the piece begins with the header line;
 * otherwise it begins anywhere, and everything up to its first '\n' (a cut line) is dropped. Lines that do not
 * parse (a write cut short) are left out. When output is left out at the front, the text starts at a line
 * start, so that the replay does not open in the middle of a line or of an escape sequence.
 */
export function castTailText(piece: Buffer, fromFileStart: boolean, maxLines = CAST_TAIL_LINES): CastTail {
  // Cut on the byte '\n', which never occurs inside a multi-byte UTF-8 character.
  const firstNewline = piece.indexOf(0x0a);
  const body = firstNewline === -1 ? '' : piece.subarray(firstNewline + 1).toString('utf8');
  let text = '';
  for (const line of body.split('\n')) {
    if (!line) continue;
    try {
      const event: unknown = JSON.parse(line);
      if (Array.isArray(event) && event[1] === 'o' && typeof event[2] === 'string') text += event[2];
    } catch {
      // a cut line: nothing to show of it
    }
  }
  let clipped = !fromFileStart;
  if (clipped) text = afterFirstNewline(text);
  const start = startOfLastLines(text, maxLines);
  if (start > 0) {
    clipped = true;
    text = text.slice(start);
  }
  return { data: text, clipped };
}

/** Reads the .cast file's last `maxBytes` before byte `end` (where the recorder's checkpoint left it). */
export async function readCastTail(
  file: string,
  end: number,
  maxBytes = CAST_TAIL_BYTES,
  maxLines = CAST_TAIL_LINES,
): Promise<CastTail> {
  const start = Math.max(0, end - maxBytes);
  const handle = await fs.promises.open(file, 'r');
  try {
    const piece = Buffer.alloc(end - start);
    let read = 0;
    while (read < piece.length) {
      const { bytesRead } = await handle.read(piece, read, piece.length - read, start + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return castTailText(piece.subarray(0, read), start === 0, maxLines);
  } finally {
    await handle.close();
  }
}

function afterFirstNewline(text: string): string {
  const nl = text.indexOf('\n');
  return nl === -1 ? '' : text.slice(nl + 1);
}

/** Index where the last `maxLines` lines of `text` begin (0 when it has no more than that). */
function startOfLastLines(text: string, maxLines: number): number {
  let index = text.length;
  // A trailing '\n' ends the last line; it does not start another one.
  if (text.endsWith('\n')) index--;
  for (let lines = 0; lines < maxLines; lines++) {
    index = text.lastIndexOf('\n', index - 1);
    if (index === -1) return 0;
  }
  return index + 1;
}
