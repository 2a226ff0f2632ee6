/**
 * Display helpers of a run: durations, elapsed time, progress. They format what the backend sent (RunState
 * statuses, step-finished durations); they never decide a step's status.
 */
import type { RunEvent, RunState } from '../api';

/** 850 -> "0,9 s", 12_300 -> "12 s", 75_000 -> "1 min 15 s", 3_726_000 -> "1 h 02 min". */
export function formatDuration(ms: number, language: 'fr' | 'en' = 'fr'): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  if (ms < 10_000) {
    const seconds = (Math.round(ms / 100) / 10).toFixed(1);
    return `${language === 'fr' ? seconds.replace('.', ',') : seconds} s`;
  }
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A clock: "04:07", "1:02:09". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export interface Progress {
  done: number;
  total: number;
  /** 0..100, rounded down so 100 means every step is done. */
  percent: number;
}

const DONE = new Set(['succeeded', 'skipped', 'ticked']);

export function progressOf(state: Pick<RunState, 'steps'>): Progress {
  const total = state.steps.length;
  const done = state.steps.filter((s) => DONE.has(s.status)).length;
  return { done, total, percent: total === 0 ? 100 : Math.floor((done * 100) / total) };
}

export interface StepFacts {
  exitCode?: number | null;
  durationMs?: number;
  /** ISO time the last attempt started (for the running step's live clock). */
  startedAt?: string;
  reason?: string;
  /** Who skipped it: 'unless' (already done) or 'operator'. */
  skippedBy?: string;
  /** The end of what the last attempt printed (redacted and bounded by the backend). */
  output?: string;
}

/** Exit code, duration, output and skip reason of each step, as the journal events say (last attempt wins). */
export function stepFacts(events: readonly RunEvent[]): Record<string, StepFacts> {
  const facts: Record<string, StepFacts> = {};
  for (const event of events) {
    if (event.type === 'step-started') facts[event.step] = { startedAt: event.ts };
    else if (event.type === 'step-finished')
      facts[event.step] = {
        ...facts[event.step],
        exitCode: event.exitCode,
        durationMs: event.durationMs,
        output: event.output,
      };
    else if (event.type === 'step-skipped')
      facts[event.step] = { ...facts[event.step], reason: event.reason, skippedBy: event.by };
  }
  return facts;
}

/** When the run started (run-started event), for the elapsed clock. */
export function runStartedAt(events: readonly RunEvent[]): string | undefined {
  return events.find((e) => e.type === 'run-started')?.ts;
}

/** A long step (over 10 s) that ended while the window was hidden deserves a desktop notification. */
export const LONG_STEP_MS = 10_000;

export function shouldNotify(event: RunEvent, hidden: boolean): { step: string; ok: boolean } | undefined {
  if (!hidden || event.type !== 'step-finished') return undefined;
  if (event.durationMs <= LONG_STEP_MS) return undefined;
  return { step: event.step, ok: event.status === 'succeeded' };
}
