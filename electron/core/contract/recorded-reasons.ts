/**
 * The sentences the engine writes into a record itself (step-skipped and run-finished reasons), in one place:
 * the journal keeps them in English, exactly, and the UI recognises them here to say them in its own
 * language (renderer/app/recordedText.ts). Pure, no imports: part of the contract, the renderer reads it too.
 */
export const RECORDED_REASONS = {
  /** A step skipped because its `unless` command succeeded. */
  unlessDone: 'already done: its unless command succeeded',
  /** A step outside `runbook run --only`. */
  only: '--only',
  /** A run closed before its last step, with no reason given. */
  stoppedBeforeEnd: 'stopped before the end',
  /** An ad-hoc terminal session closed. */
  adhocClosed: 'ad-hoc terminal closed',
} as const;

/** A run aborted from the app without a reason. */
export function abortedBy(who: string): string {
  return `aborted by ${who}`;
}

/** A run stopped by `--to <step>` once that step was done. */
export function stoppedAfter(step: string): string {
  return `stopped after step ${step}, as asked (--to ${step})`;
}

/** Who abortedBy() named, if `reason` is one of its sentences. */
export function abortedByWho(reason: string): string | undefined {
  return /^aborted by (.+)$/.exec(reason)?.[1];
}

/** The step stoppedAfter() named, if `reason` is one of its sentences. */
export function stoppedAfterStep(reason: string): string | undefined {
  const step = /^stopped after step (\S+), as asked \(--to \S+\)$/.exec(reason)?.[1];
  return step !== undefined && reason === stoppedAfter(step) ? step : undefined;
}
