import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AsciicastRecorder,
  arrayCastSink,
  castOutputSince,
  fileCastSink,
  parseAsciicast,
  readAsciicast,
} from './asciicast';

function fakeClock(start = 1000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => void (now += ms) };
}

describe('AsciicastRecorder', () => {
  it('writes a v2 header and events with times in seconds (6 decimals) from the start', () => {
    const sink = arrayCastSink();
    const { clock, advance } = fakeClock();
    const rec = new AsciicastRecorder(sink, {
      width: 120,
      height: 30,
      title: 'deploy — app',
      startedAt: Date.UTC(2026, 10, 25, 12, 30),
      clock,
    });
    advance(500);
    rec.marker('create-db');
    advance(1);
    rec.output('hello\r\n');
    advance(1234.5678);
    rec.resize(100, 40);
    rec.close();
    const lines = sink.text().trimEnd().split('\n');
    expect(JSON.parse(lines[0] as string)).toEqual({
      version: 2,
      width: 120,
      height: 30,
      timestamp: Date.UTC(2026, 10, 25, 12, 30) / 1000,
      title: 'deploy — app',
      env: { TERM: 'xterm-256color' },
    });
    expect(lines.slice(1)).toEqual([
      '[0.500000, "m", "create-db"]',
      '[0.501000, "o", "hello\\r\\n"]',
      '[1.735568, "r", "100x40"]',
    ]);
  });

  it('flushes the file to disk in the background as it grows, one flush at a time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cast-test-'));
    try {
      const file = path.join(dir, 'app.cast');
      const flushes: Array<() => void> = [];
      let fd = -1;
      const sink = fileCastSink(file, {
        flushEveryBytes: 10,
        fdatasync: (flushed, done) => {
          fd = flushed;
          flushes.push(() => done(null));
        },
      });
      sink.write('123456789'); // 9 bytes: under the threshold
      expect(flushes).toHaveLength(0);
      sink.write('é'); // 2 bytes in UTF-8: 11
      expect(flushes).toHaveLength(1);
      sink.write('x'.repeat(20)); // one flush at a time
      expect(flushes).toHaveLength(1);
      flushes.shift()!();
      sink.write('y'.repeat(10));
      expect(flushes).toHaveLength(1);
      // Closed during a flush: the descriptor stays open for that flush, then is closed.
      sink.close?.();
      expect(fs.fstatSync(fd).size).toBe(41);
      flushes.shift()!();
      expect(() => fs.fstatSync(fd)).toThrow(/EBADF/);
      expect(fs.readFileSync(file, 'utf8')).toBe('123456789é' + 'x'.repeat(20) + 'y'.repeat(10));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round-trips through a file and cuts the output of one step between markers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cast-test-'));
    try {
      const file = path.join(dir, 'app.cast');
      const { clock, advance } = fakeClock();
      const rec = new AsciicastRecorder(fileCastSink(file), { width: 80, height: 24, clock });
      rec.marker('step-1');
      rec.output('one ');
      advance(100);
      rec.output('été ✓ "quoted" \u001b[31mred\u001b[0m\n');
      rec.marker('step-2');
      rec.output('two');
      rec.close();
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const cast = await readAsciicast(file);
      expect(cast.truncated).toBe(false);
      expect(cast.header).toMatchObject({ version: 2, width: 80, height: 24 });
      expect(castOutputSince(cast, 'step-1')).toBe('one été ✓ "quoted" \u001b[31mred\u001b[0m\n');
      expect(castOutputSince(cast, 'step-2')).toBe('two');
      expect(castOutputSince(cast, 'nope')).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the last marker of a retried step', () => {
    const sink = arrayCastSink();
    const rec = new AsciicastRecorder(sink, { width: 80, height: 24, clock: () => 0 });
    rec.marker('s');
    rec.output('first attempt');
    rec.marker('s');
    rec.output('second attempt');
    rec.close();
    expect(castOutputSince(parseAsciicast(sink.text()), 's')).toBe('second attempt');
  });

  it('batches many small chunks into few events and few writes, losing nothing', () => {
    const sink = arrayCastSink();
    const { clock, advance } = fakeClock();
    const rec = new AsciicastRecorder(sink, { width: 80, height: 24, clock, flushChars: 64 * 1024 });
    let expected = '';
    for (let i = 0; i < 20_000; i++) {
      const chunk = `line ${i}\n`;
      expected += chunk;
      rec.output(chunk);
      if (i % 1000 === 0) advance(50); // bursts separated by pauses
    }
    rec.close();
    const cast = parseAsciicast(sink.text());
    expect(cast.events.map((e) => e[2]).join('')).toBe(expected);
    expect(cast.events.length).toBeLessThan(100);
    expect(sink.chunks.length).toBeLessThan(20);
    expect(cast.events.every((e, i) => i === 0 || e[0] >= (cast.events[i - 1]?.[0] ?? 0))).toBe(true);
  });

  it('flushes at each marker so a step is on disk before the next one starts', () => {
    const sink = arrayCastSink();
    const rec = new AsciicastRecorder(sink, { width: 80, height: 24, clock: () => 0 });
    rec.output('pending');
    expect(sink.text()).not.toContain('pending');
    rec.marker('next');
    expect(sink.text()).toContain('"pending"');
  });

  it('records input only when asked', () => {
    const quiet = arrayCastSink();
    const rec = new AsciicastRecorder(quiet, { width: 80, height: 24, clock: () => 0 });
    rec.input('sudo password\r');
    rec.close();
    expect(quiet.text()).not.toContain('sudo password');
    const loud = arrayCastSink();
    const rec2 = new AsciicastRecorder(loud, { width: 80, height: 24, clock: () => 0, recordInput: true });
    rec2.input('ls\r');
    rec2.close();
    expect(loud.text()).toContain('[0.000000, "i", "ls\\r"]');
  });

  it('reads a transcript whose last line was cut short by a crash', () => {
    const text = '{"version":2,"width":80,"height":24,"timestamp":0}\n[0.1, "o", "ok"]\n[0.2, "o", "cu';
    const cast = parseAsciicast(text);
    expect(cast.truncated).toBe(true);
    expect(cast.events).toEqual([[0.1, 'o', 'ok']]);
    expect(() => parseAsciicast('{"version":2}\n[bad\n[0.1, "o", "x"]\n', 'x.cast')).toThrow(/x.cast:2/);
  });
});
