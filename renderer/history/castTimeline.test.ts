import { describe, expect, it } from 'vitest';
import type { Transcript } from '../api';
import { buildTimeline, eventsBetween, formatClock, indexAt, markerTime } from './castTimeline';

const TRANSCRIPT: Transcript = {
  runId: 'r',
  role: 'app',
  clipped: false,
  parts: [
    {
      file: 'app.cast',
      width: 80,
      height: 24,
      timestamp: 0,
      truncated: false,
      events: [
        [0.5, 'm', 'a'],
        [0.6, 'o', 'one\r\n'],
        [0.7, 'i', 'typed'],
        [60.7, 'o', 'after a long wait\r\n'],
        [61, 'm', 'b'],
        [61.5, 'o', 'two\r\n'],
        [62, 'm', 'a'],
      ],
    },
    {
      file: 'app.2.cast',
      width: 80,
      height: 24,
      timestamp: 100,
      truncated: false,
      events: [
        [0.25, 'm', 'c'],
        [0.5, 'o', 'three\r\n'],
      ],
    },
  ],
};

describe('buildTimeline', () => {
  const timeline = buildTimeline(TRANSCRIPT, { idleLimit: 2, partGap: 1 });

  it('puts every part on one clock, shortens idle gaps and drops input', () => {
    expect(timeline.events.map((e) => [e.at, e.kind, e.data])).toEqual(
      [
        [0.5, 'marker', 'a'],
        [0.6, 'output', 'one\r\n'],
        [2.6, 'output', 'after a long wait\r\n'],
        [2.9, 'marker', 'b'],
        [3.4, 'output', 'two\r\n'],
        [3.9, 'marker', 'a'],
        [4.9, 'part', 'app.2.cast'],
        [5.15, 'marker', 'c'],
        [5.4, 'output', 'three\r\n'],
      ].map(([at, k, d]) => [expect.closeTo(at as number, 6), k, d]),
    );
    expect(timeline.duration).toBeCloseTo(5.4, 6);
  });

  it('jumps to the first marker of a step, and to nothing for a step that never ran here', () => {
    expect(timeline.markers.map((m) => m.step)).toEqual(['a', 'b', 'c']);
    expect(markerTime(timeline, 'b')).toBeCloseTo(2.9, 6);
    expect(markerTime(timeline, 'c')).toBeCloseTo(5.15, 6);
    expect(markerTime(timeline, 'zzz')).toBeUndefined();
  });

  it('seeks: a jump to a marker replays everything up to and including it', () => {
    const at = markerTime(timeline, 'b')!;
    const index = indexAt(timeline, at);
    expect(timeline.events.slice(0, index).map((e) => e.data)).toEqual([
      'a',
      'one\r\n',
      'after a long wait\r\n',
      'b',
    ]);
    expect(indexAt(timeline, -1)).toBe(0);
    expect(indexAt(timeline, 999)).toBe(timeline.events.length);
  });

  it('plays forward in slices without repeating or skipping an event', () => {
    const seen: string[] = [];
    let next = 0;
    for (const t of [0, 0.55, 0.55, 3, 10]) {
      const slice = eventsBetween(timeline, next, t);
      seen.push(...slice.events.map((e) => e.data));
      next = slice.next;
    }
    expect(seen).toEqual(timeline.events.map((e) => e.data));
  });
});

describe('formatClock', () => {
  it('formats minutes and hours', () => {
    expect([0, 65.9, 43203].map(formatClock)).toEqual(['0:00', '1:05', '12:00:03']);
  });
});
