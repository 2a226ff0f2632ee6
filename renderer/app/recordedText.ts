/**
 * The engine's own sentences, as the UI's language says them. A journal is a record: it keeps the reasons the
 * engine wrote, in English, exactly (electron/core/run/engine.ts, engine-exec.ts, backend/runs.ts), and a
 * French UI showed them as they were ("already done: its unless command succeeded", "aborted by root"). The
 * ones the engine writes itself are known here and translated; an engineer's own reason is shown as typed.
 */
import type { Translate } from '../i18n';

/** Why a step was skipped; `by` is the step-skipped event's (unless, operator). */
export function skipReasonText(t: Translate, reason: string, by?: string): string {
  if (by === 'unless' || reason === 'already done: its unless command succeeded')
    return t('recorded.skippedUnless');
  if (reason === '--only') return t('recorded.skippedOnly');
  return reason;
}

/** Why a run ended before its last step (run-finished's reason). */
export function runReasonText(t: Translate, reason: string): string {
  const abortedBy = /^aborted by (.+)$/.exec(reason);
  if (abortedBy) return t('recorded.abortedBy', { who: abortedBy[1]! });
  if (reason === 'stopped before the end') return t('recorded.stoppedBeforeEnd');
  const stoppedAfter = /^stopped after step (\S+), as asked \(--to \1\)$/.exec(reason);
  if (stoppedAfter) return t('recorded.stoppedAfter', { step: stoppedAfter[1]! });
  if (reason === 'ad-hoc terminal closed') return t('recorded.adhocClosed');
  return reason;
}
