import { describe, expect, it } from 'vitest';
import { decodeTerminalFrame, encodeTerminalFrame } from './terminal-frame';

describe('terminal frames', () => {
  it('carry run, role, the text’s UTF-16 length and its UTF-8 bytes', () => {
    const data = 'déjà vu 🍕\r\n';
    const push = decodeTerminalFrame(encodeTerminalFrame({ runId: 'r-1', role: 'db', data }));
    expect(push).toMatchObject({ runId: 'r-1', role: 'db', chars: data.length });
    expect(new TextDecoder().decode(push!.data as Uint8Array)).toBe(data);
  });

  it('carry where the chunk ends in the stream, when the backend says', () => {
    expect(
      decodeTerminalFrame(encodeTerminalFrame({ runId: 'r', role: 'app', data: 'ab', end: 42 })),
    ).toMatchObject({ chars: 2, end: 42 });
    expect(
      decodeTerminalFrame(encodeTerminalFrame({ runId: 'r', role: 'app', data: 'ab' })),
    ).not.toHaveProperty('end');
  });

  it('refuse what is not a well-formed frame', () => {
    const good = encodeTerminalFrame({ runId: 'r', role: 'app', data: 'x' });
    expect(decodeTerminalFrame(new Uint8Array([]))).toBeUndefined();
    expect(decodeTerminalFrame(Uint8Array.of(2, ...good.subarray(1)))).toBeUndefined(); // unknown kind
    expect(decodeTerminalFrame(good.subarray(0, 5))).toBeUndefined(); // header cut short
    const badHeader = new TextEncoder().encode('{"runId":1}');
    expect(decodeTerminalFrame(Uint8Array.of(1, 0, badHeader.length, ...badHeader))).toBeUndefined();
  });
});
