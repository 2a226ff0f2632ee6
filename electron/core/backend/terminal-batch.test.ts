import { describe, expect, it } from 'vitest';
import { TerminalBatcher, type BatchTimers } from './terminal-batch';

/** Timers run by hand: `fire()` runs the armed callback, as the event loop would after the delay. */
function manualTimers() {
  let armed: (() => void) | undefined;
  let sets = 0;
  const timers: BatchTimers = {
    set: (callback) => {
      sets++;
      armed = callback;
      return callback;
    },
    clear: (handle) => {
      if (armed === handle) armed = undefined;
    },
  };
  return {
    timers,
    get armed() {
      return armed !== undefined;
    },
    get sets() {
      return sets;
    },
    fire() {
      const callback = armed;
      armed = undefined;
      callback?.();
    },
  };
}

function setup(maxChars = 10) {
  const pushed: string[] = [];
  const clock = manualTimers();
  const batcher = new TerminalBatcher<'app' | 'db'>(
    (key, data) => pushed.push(`${key}:${data}`),
    { maxChars, delayMs: 8 },
    clock.timers,
  );
  return { pushed, clock, batcher };
}

describe('TerminalBatcher', () => {
  it('holds small chunks and pushes them as one message when the delay ends', () => {
    const { pushed, clock, batcher } = setup();
    batcher.add('app', 'ab');
    batcher.add('app', 'cd');
    expect(pushed).toEqual([]);
    expect(batcher.pending).toBe(4);
    expect(clock.sets).toBe(1); // one timer for the whole burst
    clock.fire();
    expect(pushed).toEqual(['app:abcd']);
    expect(batcher.pending).toBe(0);
  });

  it('pushes a stream at once when it reaches maxChars, without waiting for the timer', () => {
    const { pushed, batcher } = setup(10);
    batcher.add('app', '12345');
    batcher.add('app', '678901');
    expect(pushed).toEqual(['app:12345678901']);
    expect(batcher.pending).toBe(0);
  });

  it('keeps streams apart and keeps each stream in order', () => {
    const { pushed, clock, batcher } = setup();
    batcher.add('db', 'x');
    batcher.add('app', 'a');
    batcher.add('db', 'y');
    clock.fire();
    expect(pushed).toEqual(['db:xy', 'app:a']);
  });

  it('flush() pushes everything now and disarms the timer', () => {
    const { pushed, clock, batcher } = setup();
    batcher.add('app', 'out');
    batcher.flush();
    expect(pushed).toEqual(['app:out']);
    expect(clock.armed).toBe(false);
    batcher.flush();
    expect(pushed).toEqual(['app:out']); // nothing held, nothing pushed
  });

  it('ignores empty chunks and rejects limits that could never push', () => {
    const { pushed, clock, batcher } = setup();
    batcher.add('app', '');
    expect(clock.armed).toBe(false);
    expect(pushed).toEqual([]);
    expect(() => new TerminalBatcher(() => undefined, { maxChars: 0, delayMs: 8 })).toThrow(RangeError);
  });
});
