import type { ServerRole } from '../runbook/model';
import type { RecordStatus } from '../contract/types';
import type { RunEvent, RunOutcome } from './events';
import { runConcerns } from './run-concerns';

/** The status a report gives a step; 'ticked' is a manual step done, 'pending' one never reached. */
export type ReportStepStatus = 'succeeded' | 'failed' | 'skipped' | 'interrupted' | 'ticked' | 'pending';

export interface ReportStep {
  name: string;
  kind: 'shell' | 'file' | 'manual';
  target?: ServerRole;
  ref?: string;
  status: ReportStepStatus;
  exitCode: number | null;
  durationMs: number | null;
  attempts: number;
  /** The masked command (or file path) as it was shown. */
  command?: string;
  output: string;
  skipReason?: string;
  skippedBy?: 'operator' | 'unless';
  confirmedBy?: string;
  tickedBy?: string;
  timedOut?: boolean;
  cancelled?: boolean;
  file?: { path: string; existed: boolean; changed: boolean; diff: string };
  /** How each earlier attempt ended (also those before a resume), oldest first; the fields above are the last one's. */
  previousAttempts?: Array<{
    attempt: number;
    status: 'succeeded' | 'failed' | 'skipped' | 'interrupted';
    exitCode: number | null;
    durationMs: number | null;
    timedOut?: boolean;
    cancelled?: boolean;
  }>;
}

export interface RunReport {
  /** REPORT_SCHEMA_VERSION (report-schema.ts, docs/report.schema.json). */
  schemaVersion: 2;
  runId: string;
  runbook: { id: string; title: string; file: string; hash: string };
  operator: string;
  host: string;
  app: string;
  servers: Array<{ role: ServerRole; id: string; label: string; host: string; port: number; user: string }>;
  /** Secrets appear as "[secret]" (the journal never held them). */
  variables: Record<string, string>;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** 'interrupted' when the journal ends without run-finished (the app or CLI was killed). */
  outcome: RunOutcome;
  reason?: string;
  /** Steps that failed and were skipped by the engineer, and warning lines printed (run-concerns.ts). */
  skippedFailures: string[];
  warnings: number;
  resumedFrom?: string;
  /** Each time the run was resumed in this folder: from which step, when. */
  resumes: Array<{ fromStep: string; at: string }>;
  /** What verifying the record found (record-verify.ts): signed, unsigned or broken, and its problems. */
  verification?: RecordStatus & { ok: boolean; problems: string[] };
  steps: ReportStep[];
}

/** Builds the report of one run from its journal's events (in order). */
export function buildReport(events: RunEvent[], verification?: RunReport['verification']): RunReport {
  const started = events.find((e) => e.type === 'run-started');
  if (!started) throw new Error('the journal has no run-started event: nothing to report');
  const steps = new Map<string, ReportStep>(
    started.steps.map((s) => [
      s.name,
      {
        name: s.name,
        kind: s.kind,
        target: s.target,
        ref: s.ref,
        status: 'pending',
        exitCode: null,
        durationMs: null,
        attempts: 0,
        output: '',
      },
    ]),
  );
  const resumes: RunReport['resumes'] = [];
  let finished: Extract<RunEvent, { type: 'run-finished' }> | undefined;
  for (const event of events) {
    const step = 'step' in event ? steps.get(event.step) : undefined;
    switch (event.type) {
      case 'run-resumed':
        resumes.push({ fromStep: event.fromStep, at: event.ts });
        finished = undefined; // a later part of the run decides the outcome
        break;
      case 'run-finished':
        finished = event;
        break;
      case 'step-started':
        if (!step) break;
        if (step.attempts > 0 && ['succeeded', 'failed', 'interrupted'].includes(step.status))
          (step.previousAttempts ??= []).push({
            attempt: step.attempts,
            status: step.status as 'succeeded' | 'failed' | 'interrupted',
            exitCode: step.exitCode,
            durationMs: step.durationMs,
            ...(step.timedOut ? { timedOut: true } : {}),
            ...(step.cancelled ? { cancelled: true } : {}),
          });
        step.attempts = Math.max(step.attempts + 1, event.attempt);
        step.command = event.command;
        // Until it finishes, a started step that the journal never closes was cut off.
        Object.assign(step, { status: 'interrupted', exitCode: null, durationMs: null, output: '' });
        break;
      case 'step-finished':
        if (!step) break;
        Object.assign(step, {
          status: event.status,
          exitCode: event.exitCode,
          durationMs: event.durationMs,
          output: event.output,
          timedOut: event.timedOut,
          cancelled: event.cancelled,
        });
        break;
      case 'step-skipped':
        if (step) Object.assign(step, { status: 'skipped', skipReason: event.reason, skippedBy: event.by });
        break;
      case 'step-confirmed':
        if (step) step.confirmedBy = event.by;
        break;
      case 'manual-step-ticked':
        if (step) Object.assign(step, { status: 'ticked', tickedBy: event.by });
        break;
      case 'file-diff':
        if (step)
          step.file = { path: event.path, existed: event.existed, changed: event.changed, diff: event.diff };
        break;
      default:
        break;
    }
  }
  const last = events.at(-1) ?? started;
  return {
    schemaVersion: 2,
    runId: started.runId,
    runbook: {
      id: started.runbookId,
      title: started.runbookTitle,
      file: started.runbookFile,
      hash: started.runbookHash,
    },
    operator: started.operator,
    host: started.host,
    app: started.app,
    servers: started.servers,
    variables: started.variables,
    startedAt: started.ts,
    endedAt: (finished ?? last).ts,
    durationMs: Date.parse((finished ?? last).ts) - Date.parse(started.ts),
    outcome: finished?.outcome ?? 'interrupted',
    ...(finished?.reason ? { reason: finished.reason } : {}),
    ...runConcerns(events),
    ...(started.resumedFrom ? { resumedFrom: started.resumedFrom } : {}),
    resumes,
    ...(verification ? { verification } : {}),
    steps: [...steps.values()],
  };
}
