import { describe, expect, it } from 'vitest';
import {
  CoalescingWriter,
  FLOOD_INTERVAL_MS,
  LARGE_WRITE_CHARS,
  MAX_CHUNK,
  type TerminalChunk,
  type WriterClock,
} from './coalescingWriter';

/** A fake xterm: records writes; `parse()` completes the oldest one. And a clock moved by hand. */
function harness() {
  const writes: { data: TerminalChunk; parsed: () => void }[] = [];
  const parsedChars: number[] = [];
  let now = 1000;
  let timer: { at: number; fn: () => void } | undefined;
  const clock: WriterClock = {
    now: () => now,
    setTimeout: (fn, ms) => (timer = { at: now + ms, fn }),
    clearTimeout: () => (timer = undefined),
  };
  const writer = new CoalescingWriter(
    { write: (data, parsed) => writes.push({ data, parsed }) },
    (chars) => parsedChars.push(chars),
    clock,
  );
  return {
    writer,
    writes,
    parsedChars,
    advance(ms: number) {
      now += ms;
      if (timer && timer.at <= now) {
        const fn = timer.fn;
        timer = undefined;
        fn();
      }
    },
    get timerArmed() {
      return timer !== undefined;
    },
  };
}
const noop = () => {};

function parseNext(h: ReturnType<typeof harness>, index: number) {
  const w = h.writes[index]!;
  const parsed = w.parsed;
  w.parsed = noop;
  parsed();
}

describe('CoalescingWriter', () => {
  it('writes at once when xterm is idle, so typing echo is never held', () => {
    const h = harness();
    h.writer.push('a', 1);
    parseNext(h, 0);
    h.writer.push('b', 1);
    expect(h.writes.map((w) => w.data)).toEqual(['a', 'b']);
    expect(h.timerArmed).toBe(false);
  });

  it('joins what arrives while a write is parsed into one chunk, and reports the pushes’ chars', () => {
    const h = harness();
    h.writer.push('one ', 4);
    h.writer.push('two ', 4);
    h.writer.push('three', 5);
    expect(h.writes.map((w) => w.data)).toEqual(['one ']);
    expect(h.writer.pending).toBe(9);
    parseNext(h, 0);
    expect(h.writes.map((w) => w.data)).toEqual(['one ', 'two three']);
    parseNext(h, 1);
    expect(h.parsedChars).toEqual([4, 9]);
    expect(h.writer.pending).toBe(0);
  });

  it('joins bytes as bytes, keeps text and bytes apart and in order', () => {
    const h = harness();
    h.writer.push('x', 1);
    h.writer.push(new Uint8Array([1, 2]), 2);
    h.writer.push(new Uint8Array([3]), 1);
    h.writer.push('y', 1);
    parseNext(h, 0);
    parseNext(h, 1);
    expect(h.writes.map((w) => w.data)).toEqual(['x', new Uint8Array([1, 2, 3]), 'y']);
  });

  it('after a large write, waits FLOOD_INTERVAL_MS before the next one', () => {
    const h = harness();
    const big = 'z'.repeat(LARGE_WRITE_CHARS);
    h.writer.push(big, big.length);
    parseNext(h, 0);
    h.writer.push('after', 5);
    h.writer.push(' flood', 6);
    expect(h.writes).toHaveLength(1);
    h.advance(FLOOD_INTERVAL_MS - 1);
    expect(h.writes).toHaveLength(1);
    h.advance(1);
    expect(h.writes.map((w) => w.data)).toEqual([big, 'after flood']);
    // A small write does not start another wait.
    parseNext(h, 1);
    h.writer.push('echo', 4);
    expect(h.writes).toHaveLength(3);
  });

  it('does not wait after a large write when a whole chunk is already held', () => {
    const h = harness();
    const big = 'z'.repeat(LARGE_WRITE_CHARS);
    h.writer.push(big, big.length);
    const full = 'f'.repeat(MAX_CHUNK);
    h.writer.push(full, full.length);
    h.writer.push('tail', 4);
    parseNext(h, 0);
    expect(h.writes.map((w) => w.data.length)).toEqual([big.length, MAX_CHUNK]);
    // What is left is less than a chunk: the interval applies again.
    parseNext(h, 1);
    expect(h.writes).toHaveLength(2);
    h.advance(FLOOD_INTERVAL_MS);
    expect(h.writes.map((w) => w.data)).toEqual([big, full, 'tail']);
  });

  it('cuts a backlog into chunks of at most MAX_CHUNK', () => {
    const h = harness();
    h.writer.push('a', 1);
    const half = 'b'.repeat(MAX_CHUNK / 2 + 1);
    h.writer.push(half, half.length);
    h.writer.push(half, half.length);
    parseNext(h, 0);
    expect(h.writes[1]!.data.length).toBe(half.length);
  });

  it('drops what it holds once disposed', () => {
    const h = harness();
    h.writer.push('a', 1);
    h.writer.push('b', 1);
    h.writer.dispose();
    parseNext(h, 0);
    h.writer.push('c', 1);
    expect(h.writes).toHaveLength(1);
    expect(h.writer.pending).toBe(0);
  });
});
