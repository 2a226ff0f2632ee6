/** Filtering the run list: pure, so the view stays a view and the rules are unit-tested. */
import type { RunSummary } from '../api';

export type Outcome = RunSummary['outcome'];
export const OUTCOMES: readonly Outcome[] = ['succeeded', 'failed', 'aborted', 'interrupted'];

export interface RunFilters {
  /** A runbook id, or '' for all. */
  runbook: string;
  /** An outcome, or '' for all. */
  outcome: Outcome | '';
  /** Words that must all appear (case- and accent-insensitive) in the title, id, operator or servers. */
  text: string;
}

export const NO_FILTERS: RunFilters = { runbook: '', outcome: '', text: '' };

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function haystack(run: RunSummary): string {
  return fold(
    [
      run.runId,
      run.runbookId ?? '',
      run.title ?? '',
      run.operator ?? '',
      ...run.servers.flatMap((s) => [s.role, s.host]),
    ].join(' '),
  );
}

export function filterRuns(runs: readonly RunSummary[], filters: RunFilters): RunSummary[] {
  const words = fold(filters.text).split(/\s+/).filter(Boolean);
  return runs.filter(
    (run) =>
      (!filters.runbook || run.runbookId === filters.runbook) &&
      (!filters.outcome || run.outcome === filters.outcome) &&
      (words.length === 0 || words.every((w) => haystack(run).includes(w))),
  );
}

/** The runbooks that appear in the history, for the filter's choices: id and the latest title, by title. */
export function runbookOptions(runs: readonly RunSummary[]): Array<{ id: string; title: string }> {
  const titles = new Map<string, string>();
  for (const run of runs)
    if (run.runbookId && !titles.has(run.runbookId)) titles.set(run.runbookId, run.title ?? run.runbookId);
  return [...titles].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title));
}

/** "1 h 02 min", "3 min 05 s", "4,2 s" in French ("4.2 s" in English), "850 ms"; "—" when unknown. */
export function formatDuration(ms: number | undefined, language: 'fr' | 'en' = 'fr'): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60)
    return `${seconds.toLocaleString(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.floor(seconds - minutes * 60);
  return minutes < 60
    ? `${minutes} min ${String(rest).padStart(2, '0')} s`
    : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The runbook id the backend records ad-hoc terminal sessions under (backend/adhoc-terminals.ts). */
export const ADHOC_RUNBOOK_ID = 'terminal';

export function isAdhoc(run: RunSummary): boolean {
  return run.runbookId === ADHOC_RUNBOOK_ID;
}

/**
 * Can this recorded run be resumed from the history? Interrupted, failed and aborted runbook runs that are not
 * live here, as the backend's policy has it (run/resume.ts) and as the Abort dialog promises (the backend also
 * refuses a changed runbook or a journal that does not verify, with a message we show).
 */
export function canResume(run: RunSummary): boolean {
  return (
    !run.live &&
    (run.outcome === 'interrupted' || run.outcome === 'failed' || run.outcome === 'aborted') &&
    Boolean(run.runbookId) &&
    !isAdhoc(run)
  );
}
