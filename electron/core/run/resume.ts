import type { Runbook } from '../runbook/model';
import { SECRET_PLACEHOLDER } from '../runbook/bind';
import type { DoneSteps } from './engine';
import type { RunEvent, RunOutcome } from './events';

/**
 * Resuming a run from its journal.
 *
 * Policy (documented in docs/cli.md, --resume):
 * - The journal must verify; a last line cut short by a crash is tolerated (Journal.open sets it aside).
 * - The runbook must be byte-identical (same hash) to the one the run started with: steps are matched by
 *   name, and a changed command under the same name would silently run something nobody confirmed.
 *   `allowChangedRunbook` overrides this, and the resume then carries a loud warning.
 * - A run that succeeded has nothing to resume. Failed, interrupted and aborted runs can be resumed.
 * - Steps that succeeded, were skipped or were ticked are not run again; the run goes on from the first
 *   other step in runbook order (a failed or interrupted step is run again).
 * - Variables: the non-secret values recorded in run-started are reused; secrets were never recorded and
 *   are read again from the keychain (or asked for) by the caller.
 * - The resumed part is written to the SAME run folder (Journal.open + a 'run-resumed' event), so the
 *   journal stays one hash chain; each server's transcript of the resumed part goes to a new file
 *   (`app.2.cast`, `app.3.cast`…), because an asciicast's times count from its header.
 */
export interface ResumePlan {
  runId: string;
  runbookId: string;
  runbookFile: string;
  /** Steps not to run again, with what they ended as. */
  done: DoneSteps;
  /** The highest attempt number journaled for each step so far (the resumed part counts on from it). */
  attempts: Record<string, number>;
  /** The step the resumed run starts with; undefined when every step is done. */
  fromStep?: string;
  /** Non-secret variable values of the original run. */
  variables: Record<string, string>;
  /** Names of the secret variables (their values must be read again). */
  secretNames: string[];
  /** How the run last ended ('interrupted' when its journal has no run-finished). */
  previousOutcome: RunOutcome;
  /** Set when the runbook changed and allowChangedRunbook let the resume go on anyway. */
  warnings: string[];
}

export type ResumeErrorCode = 'no-run-started' | 'runbook-mismatch' | 'runbook-changed' | 'already-succeeded';

export class ResumeError extends Error {
  override name = 'ResumeError';
  constructor(
    readonly code: ResumeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ResumeOptions {
  allowChangedRunbook?: boolean;
}

/** Decides how a run continues from its (verified) journal events and the runbook as it is now. */
export function planResume(events: RunEvent[], runbook: Runbook, options: ResumeOptions = {}): ResumePlan {
  const started = events.find((e) => e.type === 'run-started');
  if (!started)
    throw new ResumeError('no-run-started', 'the journal has no run-started event: it cannot be resumed');
  if (started.runbookId !== runbook.id)
    throw new ResumeError(
      'runbook-mismatch',
      `run ${started.runId} ran runbook "${started.runbookId}", not "${runbook.id}"`,
    );
  const warnings: string[] = [];
  if (started.runbookHash !== runbook.hash) {
    const message =
      `the runbook ${runbook.file} changed since run ${started.runId} started ` +
      `(${started.runbookHash} then, ${runbook.hash} now)`;
    if (!options.allowChangedRunbook)
      throw new ResumeError(
        'runbook-changed',
        `${message}: refusing to resume, because the steps left to run are not the ones that were reviewed. ` +
          'Start a new run, or resume with --allow-changed-runbook to accept the changes.',
      );
    warnings.push(`WARNING: ${message}; resuming anyway with the new version of the steps.`);
  }
  let previousOutcome: RunOutcome = 'interrupted';
  const done: DoneSteps = {};
  const attempts: Record<string, number> = {};
  for (const event of events) {
    switch (event.type) {
      case 'step-started':
        attempts[event.step] = Math.max(attempts[event.step] ?? 0, event.attempt);
        break;
      case 'run-finished':
        previousOutcome = event.outcome;
        break;
      case 'run-resumed':
        previousOutcome = 'interrupted';
        break;
      case 'step-finished':
        if (event.status === 'succeeded') done[event.step] = 'succeeded';
        else delete done[event.step];
        break;
      case 'step-skipped':
        done[event.step] = 'skipped';
        break;
      case 'manual-step-ticked':
        done[event.step] = 'ticked';
        break;
      default:
        break;
    }
  }
  if (previousOutcome === 'succeeded')
    throw new ResumeError('already-succeeded', `run ${started.runId} succeeded: there is nothing to resume`);
  const variables: Record<string, string> = {};
  const secretNames: string[] = [];
  const secretSpecs = new Set(runbook.variables.filter((v) => v.secret).map((v) => v.name));
  for (const [name, value] of Object.entries(started.variables)) {
    if (secretSpecs.has(name) || value === SECRET_PLACEHOLDER) secretNames.push(name);
    else variables[name] = value;
  }
  const fromStep = runbook.steps.find((s) => done[s.name] === undefined)?.name;
  return {
    runId: started.runId,
    runbookId: started.runbookId,
    runbookFile: started.runbookFile,
    done,
    attempts,
    ...(fromStep !== undefined ? { fromStep } : {}),
    variables,
    secretNames,
    previousOutcome,
    warnings,
  };
}
