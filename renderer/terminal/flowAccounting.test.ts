import { describe, expect, it } from 'vitest';
import { WriteAccounting } from './flowAccounting';

function fakeTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    pending,
    set: (fn: () => void) => {
      pending.set(next, fn);
      return next++;
    },
    clear: (h: unknown) => void pending.delete(h as number),
    fire() {
      const all = [...pending.values()];
      pending.clear();
      all.forEach((fn) => fn());
    },
  };
}

describe('WriteAccounting', () => {
  it('acknowledges parsed characters in batches', () => {
    const acks: number[] = [];
    const timers = fakeTimers();
    const acct = new WriteAccounting((n) => acks.push(n), timers, 100);
    acct.queued(60);
    acct.queued(60);
    expect(acct.backlog).toBe(120);
    acct.parsed(60);
    expect(acks).toEqual([]);
    acct.parsed(60);
    expect(acks).toEqual([120]);
    expect(acct.backlog).toBe(0);
    expect(acct.unacknowledged).toBe(0);
  });

  it('acknowledges the rest once output goes quiet, so the backend can reach its low watermark', () => {
    const acks: number[] = [];
    const timers = fakeTimers();
    const acct = new WriteAccounting((n) => acks.push(n), timers, 100);
    acct.queued(30);
    acct.parsed(30);
    expect(timers.pending.size).toBe(1);
    timers.fire();
    expect(acks).toEqual([30]);
  });

  it('counts only what was parsed, not what was merely queued', () => {
    const acks: number[] = [];
    const acct = new WriteAccounting((n) => acks.push(n), fakeTimers(), 10);
    acct.queued(1_000_000);
    acct.flush();
    expect(acks).toEqual([]);
    acct.parsed(15);
    expect(acks).toEqual([15]);
    expect(acct.backlog).toBe(999_985);
  });

  it('flush on unmount sends what is left and cancels the idle timer', () => {
    const acks: number[] = [];
    const timers = fakeTimers();
    const acct = new WriteAccounting((n) => acks.push(n), timers, 100);
    acct.queued(5);
    acct.parsed(5);
    acct.flush();
    expect(acks).toEqual([5]);
    expect(timers.pending.size).toBe(0);
  });
});
