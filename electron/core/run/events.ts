import type { ServerRole } from '../runbook/model';

/**
 * Everything that happens in a run, in order. Each event is one line of journal.jsonl (with `seq`, `ts`
 * and `prev` added by the journal) and is what the UI renders: the UI never computes run state itself.
 * No field ever holds a secret value: text is redacted before it becomes an event.
 */
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'interrupted';

export type RunOutcome = 'succeeded' | 'failed' | 'aborted' | 'interrupted';

export type RunEventBody =
  | {
      type: 'run-started';
      runId: string;
      runbookId: string;
      runbookTitle: string;
      runbookFile: string;
      runbookHash: string;
      operator: string;
      host: string; // machine the app runs on
      app: string; // app name and version
      servers: Array<{
        role: ServerRole;
        id: string;
        label: string;
        host: string;
        port: number;
        user: string;
      }>;
      /** Variable values; secret ones are replaced by "[secret]". */
      variables: Record<string, string>;
      steps: Array<{ name: string; kind: 'shell' | 'file' | 'manual'; target?: ServerRole; ref?: string }>;
      /** Set when this run resumes another one. */
      resumedFrom?: string;
    }
  | {
      type: 'run-resumed';
      fromStep: string;
      /**
       * What the previous part wrote after its last seal (a run killed between two checkpoints): the resume
       * seals it, so the record says here that nobody signed it at the time.
       */
      unsignedBefore?: { events: number; transcripts: string[] };
    }
  | { type: 'server-connected'; role: ServerRole; fingerprint: string }
  | { type: 'server-disconnected'; role: ServerRole; reason: string }
  /**
   * After server-disconnected, the engineer's choice before the next step on that server: 'continue' in a
   * new shell (its cd/exports are gone), or 'replay' the listed set-up steps first (run/reconnect-policy.ts).
   */
  | {
      type: 'reconnect-chosen';
      role: ServerRole;
      choice: 'continue' | 'replay';
      steps: string[];
      by: string;
    }
  | { type: 'host-key-accepted'; role: ServerRole; host: string; port: number; fingerprint: string }
  | { type: 'step-started'; step: string; target?: ServerRole; command?: string; attempt: number }
  | {
      type: 'step-finished';
      step: string;
      status: Exclude<StepStatus, 'pending' | 'running'>;
      exitCode: number | null;
      durationMs: number;
      /** Last part of the step's output (redacted, bounded), for reports; the full text is in the .cast file. */
      output: string;
      timedOut?: boolean;
      cancelled?: boolean;
    }
  | { type: 'step-skipped'; step: string; reason: string; by: 'operator' | 'unless' }
  | { type: 'step-confirmed'; step: string; by: string }
  | { type: 'manual-step-ticked'; step: string; by: string }
  | { type: 'file-diff'; step: string; path: string; diff: string; existed: boolean; changed: boolean }
  | { type: 'run-finished'; outcome: RunOutcome; reason?: string };

export type RunEvent = RunEventBody & {
  seq: number;
  /** ISO 8601 time. */
  ts: string;
  /** "sha256:<hex>" of the previous journal line (or of the run id for the first event). */
  prev: string;
};
