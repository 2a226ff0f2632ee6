/**
 * The steps of a recorded run as the run page shows them, folded from the journal's events in order (the
 * UI displays what the journal says; it computes nothing the journal does not hold). Pure and tested.
 */
import type { RunEvent, ServerRole } from '../api';

export type RecordedStatus =
  'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'interrupted' | 'ticked';

export interface RecordedStep {
  name: string;
  kind: 'shell' | 'file' | 'manual';
  target?: ServerRole;
  ref?: string;
  status: RecordedStatus;
  exitCode: number | null;
  durationMs?: number;
  attempts: number;
  command?: string;
  output: string;
  skipReason?: string;
  /** Who skipped it: 'unless' (already done) or 'operator'. */
  skippedBy?: string;
  tickedBy?: string;
  confirmedBy?: string;
  timedOut?: boolean;
  file?: { path: string; changed: boolean; diff: string };
}

export interface RecordedRun {
  steps: RecordedStep[];
  reason?: string;
  /** The step a resume would start from: the first one not succeeded, skipped or ticked. */
  resumeFrom?: string;
}

export function recordedRun(events: readonly RunEvent[]): RecordedRun {
  const started = events.find((e) => e.type === 'run-started');
  const steps = new Map<string, RecordedStep>();
  for (const s of started?.steps ?? [])
    steps.set(s.name, {
      name: s.name,
      kind: s.kind,
      ...(s.target ? { target: s.target } : {}),
      ...(s.ref ? { ref: s.ref } : {}),
      status: 'pending',
      exitCode: null,
      attempts: 0,
      output: '',
    });
  let reason: string | undefined;
  const get = (name: string) => steps.get(name);
  for (const event of events) {
    switch (event.type) {
      case 'step-started': {
        const step = get(event.step);
        if (!step) break;
        step.status = 'running';
        step.attempts = Math.max(step.attempts, event.attempt);
        if (event.command !== undefined) step.command = event.command;
        break;
      }
      case 'step-finished': {
        const step = get(event.step);
        if (!step) break;
        step.status = event.status;
        step.exitCode = event.exitCode;
        step.durationMs = event.durationMs;
        step.output = event.output;
        step.timedOut = event.timedOut;
        break;
      }
      case 'step-skipped': {
        const step = get(event.step);
        if (step) Object.assign(step, { status: 'skipped', skipReason: event.reason, skippedBy: event.by });
        break;
      }
      case 'manual-step-ticked': {
        const step = get(event.step);
        if (step) Object.assign(step, { status: 'ticked', tickedBy: event.by });
        break;
      }
      case 'step-confirmed': {
        const step = get(event.step);
        if (step) step.confirmedBy = event.by;
        break;
      }
      case 'file-diff': {
        const step = get(event.step);
        if (step) step.file = { path: event.path, changed: event.changed, diff: event.diff };
        break;
      }
      case 'run-finished':
        reason = event.reason;
        break;
      case 'run-resumed':
        reason = undefined;
        break;
      default:
        break;
    }
  }
  const list = [...steps.values()];
  // A step still "running" when the journal ends was cut off by a crash: interrupted, as the report says.
  const ended = events.some((e) => e.type === 'run-finished');
  for (const step of list) if (step.status === 'running' && !ended) step.status = 'interrupted';
  const resumeFrom = list.find((s) => !['succeeded', 'skipped', 'ticked'].includes(s.status))?.name;
  return { steps: list, ...(reason ? { reason } : {}), ...(resumeFrom ? { resumeFrom } : {}) };
}
