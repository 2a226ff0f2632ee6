/**
 * The engine's own sentences, as the UI's language says them. A journal is a record: it keeps the reasons the
 * engine wrote, in English, exactly (electron/core/contract/recorded-reasons.ts, where they are defined), and a
 * French UI showed them as they were ("already done: its unless command succeeded", "aborted by root"). The
 * ones the engine writes itself are known here and translated; an engineer's own reason is shown as typed.
 */
import {
  abortedByWho,
  RECORDED_REASONS,
  stoppedAfterStep,
} from '../../electron/core/contract/recorded-reasons';
import type { Translate } from '../i18n';

/** Why a step was skipped; `by` is the step-skipped event's (unless, operator). */
export function skipReasonText(t: Translate, reason: string, by?: string): string {
  if (by === 'unless' || reason === RECORDED_REASONS.unlessDone) return t('recorded.skippedUnless');
  if (reason === RECORDED_REASONS.only) return t('recorded.skippedOnly');
  return reason;
}

/** Why a run ended before its last step (run-finished's reason). */
export function runReasonText(t: Translate, reason: string): string {
  const who = abortedByWho(reason);
  if (who !== undefined) return t('recorded.abortedBy', { who });
  if (reason === RECORDED_REASONS.stoppedBeforeEnd) return t('recorded.stoppedBeforeEnd');
  const step = stoppedAfterStep(reason);
  if (step !== undefined) return t('recorded.stoppedAfter', { step });
  if (reason === RECORDED_REASONS.adhocClosed) return t('recorded.adhocClosed');
  return reason;
}
