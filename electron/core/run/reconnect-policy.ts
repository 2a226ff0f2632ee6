import type { ServerRole } from '../runbook/model';
import type { EngineStep } from './engine-types';

/**
 * What the run does after a server's shell was lost (the SSH connection dropped): pure rules, so that the
 * engine, the UI and docs/runs-and-connections.md say the same thing.
 *
 * A step runs in its server's persistent shell because earlier steps may have left state there (`cd`,
 * `export`, a sourced virtualenv). A new shell has none of it, so the engine never runs the next step on that
 * server in a new shell by itself: it pauses, and the engineer chooses to continue in a new shell, to re-run
 * the set-up steps first (setupStepsToReplay), or to stop.
 */

/** What the engineer chose after a lost connection; journaled as `reconnect-chosen`. */
export type ReconnectChoice = 'continue' | 'replay';

/** The run must pause in front of `step` until the engineer chooses: its server's shell was lost. */
export function pausesForLostShell(step: EngineStep, lost: ReadonlyMap<ServerRole, string>): boolean {
  return step.kind !== 'manual' && lost.has(step.target);
}

export interface StepRecord {
  /** The step's status in this run (engine marks). */
  status?: string;
  /** How many times this part of the run executed it (0 for steps done in an earlier, resumed part). */
  attempts: number;
}

/**
 * The steps that set up the lost shell, to re-run in the new one, in plan order. The rule, kept simple
 * enough to predict: every step before `before` (the step the run stands at) that
 *  - is a shell step on that server (a file step's effect is on disk, which survives the drop),
 *  - is not a `check` (read-only: it set nothing up),
 *  - succeeded in this part of the run (a step skipped by `unless`, failed, or done in an earlier resumed
 *    part did not run in the shell that was lost).
 * We cannot know which of these steps set shell state and which changed the server (a `createdb` run twice
 * fails): the UI lists them before the engineer chooses, and a failure stops the replay (see RunEngine).
 */
export function setupStepsToReplay(
  steps: readonly EngineStep[],
  before: number,
  role: ServerRole,
  record: (name: string) => StepRecord,
): string[] {
  const names: string[] = [];
  for (const step of steps.slice(0, Math.max(0, before))) {
    if (step.kind !== 'shell' || step.target !== role || step.check) continue;
    const { status, attempts } = record(step.name);
    if (status === 'succeeded' && attempts > 0) names.push(step.name);
  }
  return names;
}
