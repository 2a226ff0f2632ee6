/**
 * A transcript (one or more asciicast parts) as one replayable timeline: output events and step markers on a
 * single clock, with long idle gaps shortened like `asciinema play -i` so a replay never sits on a 10-minute
 * `apt-get` wait. Seeking is "replay from the start up to t": the terminal is reset and fed everything before
 * t at once, which is exact (escape sequences included) and cheap for the bounded transcripts we get.
 */
import type { Transcript } from '../api';

export interface TimelineEvent {
  /** Seconds from the start of the replay. */
  at: number;
  kind: 'output' | 'marker' | 'resize' | 'part';
  data: string;
}

export interface Timeline {
  events: TimelineEvent[];
  duration: number;
  /** First marker of each step, in order. */
  markers: Array<{ step: string; at: number }>;
}

export interface TimelineOptions {
  /** Longest pause kept between two events, in seconds. */
  idleLimit?: number;
  /** Pause between two parts of a resumed run. */
  partGap?: number;
}

export function buildTimeline(transcript: Transcript, options: TimelineOptions = {}): Timeline {
  const idleLimit = options.idleLimit ?? 2;
  const partGap = options.partGap ?? 1;
  const events: TimelineEvent[] = [];
  const markers: Timeline['markers'] = [];
  let clock = 0;
  transcript.parts.forEach((part, index) => {
    if (index > 0) {
      clock += partGap;
      // A resumed part is a new shell: say so in the replay, as the terminal would have shown a new login.
      events.push({ at: clock, kind: 'part', data: part.file });
    }
    let last = 0;
    for (const [time, code, data] of part.events) {
      if (code === 'i') continue;
      clock += Math.min(Math.max(0, time - last), idleLimit);
      last = time;
      if (code === 'o') events.push({ at: clock, kind: 'output', data });
      else if (code === 'r') events.push({ at: clock, kind: 'resize', data });
      else {
        events.push({ at: clock, kind: 'marker', data });
        if (!markers.some((m) => m.step === data)) markers.push({ step: data, at: clock });
      }
    }
  });
  return { events, duration: clock, markers };
}

/** Index of the first event after time t (events at exactly t are included before it). */
export function indexAt(timeline: Timeline, t: number): number {
  let lo = 0;
  let hi = timeline.events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timeline.events[mid]!.at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The events to feed a player that has shown events [0, from) to bring it to time t (t moving forward). */
export function eventsBetween(
  timeline: Timeline,
  from: number,
  t: number,
): { events: TimelineEvent[]; next: number } {
  const next = Math.max(from, indexAt(timeline, t));
  return { events: timeline.events.slice(from, next), next };
}

/** Where "jump to step" goes: the step's first marker, or undefined when it never ran on this server. */
export function markerTime(timeline: Timeline, step: string): number | undefined {
  return timeline.markers.find((m) => m.step === step)?.at;
}

/** "1:05" / "12:00:03": position and length of a replay. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
