import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type ServerRole, type Transcript } from '../api';
import { useLoad, type Load } from '../app/useLoad';
import { useI18n } from '../i18n';
import { terminalTheme } from '../terminal/theme';
import { Badge, Button } from '../ui';
import {
  buildTimeline,
  eventsBetween,
  formatClock,
  indexAt,
  markerTime,
  type Timeline,
  type TimelineEvent,
} from './castTimeline';

export interface ReplayRequest {
  role: ServerRole;
  step: string;
  /** Changes on every click, so asking twice for the same step jumps twice. */
  nonce: number;
}

const SPEEDS = [1, 2, 5, 10] as const;

/** Writes timeline events into the terminal; a resumed part gets a dim separator line, as a new login would. */
function feed(term: Terminal, events: TimelineEvent[]): void {
  let text = '';
  for (const event of events) {
    if (event.kind === 'output') text += event.data;
    else if (event.kind === 'part') text += `\r\n\x1b[2m──── ${event.data} ────\x1b[0m\r\n`;
    else if (event.kind === 'resize') {
      const m = /^(\d+)x(\d+)$/.exec(event.data);
      if (m) {
        if (text) term.write(text);
        text = '';
        term.resize(Number(m[1]), Number(m[2]));
      }
    }
  }
  if (text) term.write(text);
}

/**
 * A read-only terminal replaying a run's transcript (asciicast, redacted when it was recorded): play/pause,
 * speed, a position slider, and "jump to step" buttons that seek to a step's marker.
 */
export function TranscriptPlayer({
  runId,
  roles,
  request,
}: {
  runId: string;
  roles: ServerRole[];
  request?: ReplayRequest;
}) {
  const { t } = useI18n();
  const [role, setRole] = useState<ServerRole | undefined>(roles[0]);
  const [transcript] = useLoad(
    () => (role ? api.getTranscript({ runId, role }) : Promise.reject(new Error('no server'))),
    `${runId}/${role ?? ''}`,
  );
  const timeline = useMemo<Timeline | undefined>(
    () => (transcript.status === 'ready' ? buildTimeline(transcript.value) : undefined),
    [transcript],
  );
  const box = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const clock = useRef({ time: 0, next: 0 });
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(2);
  const pendingJump = useRef<ReplayRequest | undefined>(undefined);

  useEffect(() => {
    if (!box.current) return;
    const term = new Terminal({
      disableStdin: true,
      cursorBlink: false,
      cursorInactiveStyle: 'none',
      scrollback: 10000,
      cols: 120,
      rows: 28,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      theme: terminalTheme(),
    });
    term.open(box.current);
    termRef.current = term;
    return () => {
      term.dispose();
      termRef.current = null;
    };
  }, []);

  const seek = useCallback(
    (t: number) => {
      const term = termRef.current;
      if (!term || !timeline) return;
      const target = Math.min(Math.max(0, t), timeline.duration);
      term.reset();
      const first = transcriptSize(transcript);
      if (first) term.resize(first.width, first.height);
      const index = indexAt(timeline, target);
      feed(term, timeline.events.slice(0, index));
      clock.current = { time: target, next: index };
      setPosition(target);
    },
    [timeline, transcript],
  );

  // A new transcript shows its final screen, paused (Play replays it from the start); a jump asked before
  // it loaded is done now.
  useEffect(() => {
    setPlaying(false);
    seek(timeline?.duration ?? 0);
    const jump = pendingJump.current;
    if (timeline && jump && jump.role === role) {
      pendingJump.current = undefined;
      const at = markerTime(timeline, jump.step);
      if (at !== undefined) seek(at);
    }
  }, [timeline, seek, role]);

  useEffect(() => {
    if (!request) return;
    box.current?.closest('section')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    if (request.role !== role || !timeline) {
      pendingJump.current = request;
      setRole(request.role);
      return;
    }
    const at = markerTime(timeline, request.step);
    if (at !== undefined) seek(at);
    // Only a new request (nonce) should jump; role/timeline changes are handled above.
  }, [request?.nonce]);

  useEffect(() => {
    if (!playing || !timeline) return;
    let last = performance.now();
    let frame = 0;
    const tick = (now: number) => {
      const term = termRef.current;
      if (!term) return;
      const time = Math.min(timeline.duration, clock.current.time + ((now - last) / 1000) * speed);
      last = now;
      const slice = eventsBetween(timeline, clock.current.next, time);
      feed(term, slice.events);
      clock.current = { time, next: slice.next };
      setPosition(time);
      if (time >= timeline.duration) setPlaying(false);
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, timeline]);

  const togglePlay = () => {
    if (!timeline) return;
    if (!playing && clock.current.time >= timeline.duration) seek(0);
    setPlaying((p) => !p);
  };

  const ready = transcript.status === 'ready' && timeline !== undefined;
  const empty = ready && transcript.value.parts.length === 0;

  return (
    <section className="replay" aria-labelledby="replay-title">
      <header className="replay-header">
        <h2 id="replay-title" className="run-record-h2">
          {t('replay.title')}
        </h2>
        {roles.length > 1 ? (
          <div className="replay-roles" role="group" aria-label={t('replay.server')}>
            {roles.map((r) => (
              <button
                key={r}
                type="button"
                className={`replay-role${r === role ? ' is-current' : ''}`}
                aria-pressed={r === role}
                onClick={() => setRole(r)}
              >
                <Badge role={r} />
              </button>
            ))}
          </div>
        ) : null}
      </header>
      <div className="replay-controls">
        <Button
          variant="primary"
          size="sm"
          onClick={togglePlay}
          disabled={!ready || empty}
          aria-pressed={playing}
        >
          {playing ? t('replay.pause') : t('replay.play')}
        </Button>
        <Button size="sm" onClick={() => (setPlaying(false), seek(0))} disabled={!ready || empty}>
          {t('replay.restart')}
        </Button>
        <label className="replay-speed">
          <span>{t('replay.speed')}</span>
          <select
            className="field-input"
            value={speed}
            onChange={(e) => setSpeed(Number(e.target.value) as (typeof SPEEDS)[number])}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                ×{s}
              </option>
            ))}
          </select>
        </label>
        <input
          className="replay-slider"
          type="range"
          min={0}
          max={timeline?.duration ?? 0}
          step="any"
          value={position}
          aria-label={t('replay.position')}
          aria-valuetext={`${formatClock(position)} / ${formatClock(timeline?.duration ?? 0)}`}
          disabled={!ready || empty}
          onChange={(e) => seek(Number(e.target.value))}
        />
        <span className="replay-clock" aria-hidden="true">
          {formatClock(position)} / {formatClock(timeline?.duration ?? 0)}
        </span>
      </div>
      {timeline && timeline.markers.length > 0 ? (
        <div className="replay-jumps" role="group" aria-label={t('replay.jump')}>
          <span className="replay-jumps-label">{t('replay.jump')}</span>
          {timeline.markers.map((m) => (
            <Button key={m.step} size="sm" variant="ghost" onClick={() => seek(m.at)}>
              {m.step}
            </Button>
          ))}
        </div>
      ) : null}
      {transcript.status === 'loading' ? <p className="page-status">{t('replay.loading')}</p> : null}
      {transcript.status === 'error' ? (
        <p className="field-error" role="alert">
          {t('replay.error', { message: transcript.message })}
        </p>
      ) : null}
      {empty ? <p className="page-status">{t('replay.empty')}</p> : null}
      {ready && transcript.value.clipped ? <p className="replay-note">{t('replay.clipped')}</p> : null}
      <div className="replay-terminal" ref={box} hidden={empty} />
      <p className="replay-note">{t('replay.redacted')}</p>
    </section>
  );
}

function transcriptSize(transcript: Load<Transcript>): { width: number; height: number } | undefined {
  if (transcript.status !== 'ready') return undefined;
  const part = transcript.value.parts[0];
  return part ? { width: part.width, height: part.height } : undefined;
}
