import { describe, expect, it } from 'vitest';
import { splitInput, TerminalInput } from './terminalInput';

/** A backend whose writeTerminal calls are answered by hand, in order, so the test sees what is in flight. */
function manualBackend() {
  const received: string[] = [];
  const waiting: Array<{ resolve(): void; reject(e: Error): void }> = [];
  return {
    received,
    get inFlight() {
      return waiting.length;
    },
    send: (data: string) =>
      new Promise<void>((resolve, reject) => {
        received.push(data);
        waiting.push({ resolve, reject });
      }),
    async answer(error?: Error) {
      const next = waiting.shift()!;
      if (error) next.reject(error);
      else next.resolve();
      // let the queue's await continue
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

describe('splitInput', () => {
  it('cuts into pieces of at most max units that join back to the input', () => {
    const data = 'abcdefghij'.repeat(7);
    const pieces = splitInput(data, 16);
    expect(pieces.every((p) => p.length <= 16)).toBe(true);
    expect(pieces.join('')).toBe(data);
    expect(pieces).toHaveLength(5);
  });

  it('never separates the halves of a surrogate pair', () => {
    const data = 'a' + '🍕'.repeat(10); // 21 units: the pizza is two
    const pieces = splitInput(data, 4);
    expect(pieces.join('')).toBe(data);
    expect(pieces.some((p) => /[\ud800-\udbff]$/.test(p) || /^[\udc00-\udfff]/.test(p))).toBe(false);
  });
});

describe('TerminalInput', () => {
  it('sends a long paste piece by piece, one in flight at a time, in order', async () => {
    const backend = manualBackend();
    const input = new TerminalInput(backend.send, 4);
    input.write('0123456789');
    input.write('xy'); // typed during the paste: after it
    expect(backend.received).toEqual(['0123']);
    expect(backend.inFlight).toBe(1);
    await backend.answer();
    expect(backend.received).toEqual(['0123', '4567']);
    await backend.answer();
    await backend.answer();
    await backend.answer();
    expect(backend.received).toEqual(['0123', '4567', '89', 'xy']);
    expect(input.pending).toBe(0);
  });

  it('sends a keystroke at once when nothing is queued', () => {
    const backend = manualBackend();
    new TerminalInput(backend.send, 4).write('l');
    expect(backend.received).toEqual(['l']);
  });

  it('Ctrl-C drops what is left of a paste and goes next', async () => {
    const backend = manualBackend();
    const input = new TerminalInput(backend.send, 2);
    input.write('aabbccdd');
    input.write('\x03');
    await backend.answer();
    expect(backend.received).toEqual(['aa', '\x03']);
    expect(input.pending).toBe(0);
  });

  it('drops the rest when the backend refuses a piece (the session is gone)', async () => {
    const backend = manualBackend();
    const input = new TerminalInput(backend.send, 2);
    input.write('aabbcc');
    await backend.answer(new Error('no such run'));
    expect(backend.received).toEqual(['aa']);
    input.write('z');
    expect(backend.received).toEqual(['aa', 'z']);
  });
});
