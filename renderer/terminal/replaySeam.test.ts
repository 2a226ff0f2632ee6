import { describe, expect, it } from 'vitest';
import { ReplaySeam, type SeamPush } from './replaySeam';

function seam() {
  const shown: string[] = [];
  const acked: number[] = [];
  const s = new ReplaySeam({
    write: (data, chars) => {
      shown.push(typeof data === 'string' ? data : new TextDecoder().decode(data));
      acked.push(chars);
    },
    skip: (chars) => acked.push(chars),
  });
  return { s, shown, acked };
}

/** A push of `text` ending at stream position `end`. */
const push = (text: string, end: number, bytes = false): SeamPush => ({
  data: bytes ? new TextEncoder().encode(text) : text,
  chars: text.length,
  end,
});

describe('ReplaySeam', () => {
  it('holds pushes until the replay, then shows only what comes after it, each character once', () => {
    const { s, shown, acked } = seam();
    // The stream: "one\n" (0-4) "two\n" (4-8) "three\n" (8-14); the replay covers up to 8.
    s.push(push('one\n', 4));
    s.push(push('two\n', 8, true));
    s.push(push('three\n', 14, true));
    expect(shown).toEqual([]);
    s.replayed({ data: 'one\ntwo\n', end: 8 });
    s.push(push('four\n', 19));
    expect(shown.join('')).toBe('one\ntwo\nthree\nfour\n');
    // Every push is acknowledged in full, shown or not: the backend's flow control counted them.
    expect(acked).toEqual([0, 4, 4, 6, 5]);
  });

  it('cuts a push that straddles the seam, bytes included', () => {
    const { s, shown } = seam();
    s.push(push('déjà vu\n', 8, true));
    s.replayed({ data: 'déjà', end: 4 });
    expect(shown.join('')).toBe('déjà vu\n');
  });

  it('shows everything live when there is no replay, and pushes without a position as they come', () => {
    const { s, shown } = seam();
    s.push(push('a', 1));
    s.push({ data: '── connexion perdue ──', chars: 0 });
    s.replayed(undefined);
    s.push({ data: 'b', chars: 1 });
    expect(shown).toEqual(['a', '── connexion perdue ──', 'b']);
  });

  it('drops a push entirely inside the replay even when it arrives after it', () => {
    const { s, shown, acked } = seam();
    s.replayed({ data: 'abc', end: 3 });
    s.push(push('bc', 3));
    expect(shown).toEqual(['abc']);
    expect(acked).toEqual([0, 2]);
  });
});
