import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AsciicastRecorder, fileCastSink } from './asciicast';
import { castTailText, readCastTail } from './cast-tail';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A real transcript written by the real recorder, and where it ends. */
function record(chunks: Array<string | { marker: string }>): { file: string; bytes: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cast-tail-'));
  dirs.push(dir);
  const file = path.join(dir, 'app.cast');
  let t = 0;
  const recorder = new AsciicastRecorder(fileCastSink(file), {
    width: 80,
    height: 24,
    clock: () => (t += 100),
  });
  for (const chunk of chunks) {
    if (typeof chunk === 'string') recorder.output(chunk);
    else recorder.marker(chunk.marker);
  }
  recorder.close();
  return { file, bytes: fs.statSync(file).size };
}

describe('castTailText', () => {
  const cast = (lines: unknown[]) => Buffer.from(lines.map((l) => JSON.stringify(l) + '\n').join(''));

  it('keeps the output events of a whole file, without header, markers or resizes', () => {
    const piece = cast([
      { version: 2 },
      [0.1, 'o', 'a\r\n'],
      [0.2, 'm', 'step'],
      [0.3, 'r', '80x24'],
      [0.4, 'o', 'b'],
    ]);
    expect(castTailText(piece, true)).toEqual({ data: 'a\r\nb', clipped: false });
  });

  it('from the middle of a file, drops the cut event and starts the text at a line start', () => {
    const whole = cast([{ version: 2 }, [0.1, 'o', 'one\r\ntw'], [0.2, 'o', 'o\r\nthree\r\n']]);
    const piece = whole.subarray(whole.indexOf('[0.1') + 5); // inside the first event
    expect(castTailText(piece, false)).toEqual({ data: 'three\r\n', clipped: true });
  });

  it('keeps only the last lines beyond the limit', () => {
    const piece = cast([{ version: 2 }, [0.1, 'o', 'l1\r\nl2\r\nl3\r\nl4\r\n']]);
    expect(castTailText(piece, true, 2)).toEqual({ data: 'l3\r\nl4\r\n', clipped: true });
    expect(castTailText(piece, true, 4)).toEqual({ data: 'l1\r\nl2\r\nl3\r\nl4\r\n', clipped: false });
  });

  it('leaves out a line cut short at the end', () => {
    const piece = Buffer.concat([cast([{ version: 2 }, [0.1, 'o', 'ok\n']]), Buffer.from('[0.2, "o", "hal')]);
    expect(castTailText(piece, true).data).toBe('ok\n');
  });
});

describe('readCastTail', () => {
  it('reads a whole small transcript, multi-byte text included', async () => {
    const { file, bytes } = record(['déjà vu 🍕\r\n', { marker: 's' }, 'fin\r\n']);
    expect(await readCastTail(file, bytes)).toEqual({ data: 'déjà vu 🍕\r\nfin\r\n', clipped: false });
  });

  it('reads only the end of a large one, and nothing past the given byte', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `ligne ${i} é\r\n`);
    const { file, bytes } = record([...lines.map((l) => l), { marker: 'after' }]);
    fs.appendFileSync(file, JSON.stringify([99, 'o', 'written after the checkpoint\r\n']) + '\n');
    const tail = await readCastTail(file, bytes, 4096);
    expect(tail.clipped).toBe(true);
    expect(tail.data.endsWith('ligne 2999 é\r\n')).toBe(true);
    expect(tail.data.startsWith('ligne ')).toBe(true);
    expect(tail.data).not.toContain('after the checkpoint');
    expect(tail.data.length).toBeLessThan(4096);
  });
});
