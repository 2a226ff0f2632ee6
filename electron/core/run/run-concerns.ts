/**
 * What keeps a finished run from being a clean success, read from its events: steps that failed and were
 * then skipped by the engineer (the run went on and can still end `succeeded`), and the warnings its steps
 * printed. A run that succeeded with a failed check skipped once showed green in the history, exactly like
 * one where everything passed; these are what the history and the reports show beside the outcome.
 *
 * A warning is an output line that starts with `AVERTISSEMENT:` (the runbooks' convention, e.g. an end of
 * support that does not fail the check) or `WARNING:`, counted in each step's last attempt, in the output
 * the journal keeps (its recorded tail).
 */
import type { RunEvent } from './events';

export interface RunConcerns {
  /** Steps whose last attempt failed or was interrupted, then skipped by the engineer, in run order. */
  skippedFailures: string[];
  /** Warning lines in the steps' last attempts. */
  warnings: number;
}

const WARNING_LINE = /^\s*(?:AVERTISSEMENT|WARNING)\s*:/gm;

export function runConcerns(events: readonly RunEvent[]): RunConcerns {
  const lastStatus = new Map<string, string>();
  const warningsOf = new Map<string, number>();
  const skippedFailures: string[] = [];
  for (const event of events) {
    if (event.type === 'step-finished') {
      lastStatus.set(event.step, event.status);
      warningsOf.set(event.step, event.output.match(WARNING_LINE)?.length ?? 0);
    } else if (event.type === 'step-skipped' && event.by === 'operator') {
      const status = lastStatus.get(event.step);
      if ((status === 'failed' || status === 'interrupted') && !skippedFailures.includes(event.step))
        skippedFailures.push(event.step);
      lastStatus.set(event.step, 'skipped');
    } else if (event.type === 'step-started') {
      // A new attempt (a retry, or the step run again after a resume): its own result counts.
      lastStatus.delete(event.step);
      const at = skippedFailures.indexOf(event.step);
      if (at >= 0) skippedFailures.splice(at, 1);
    }
  }
  let warnings = 0;
  for (const count of warningsOf.values()) warnings += count;
  return { skippedFailures, warnings };
}
