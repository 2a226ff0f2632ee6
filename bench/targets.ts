/**
 * The bench's targets, all in one place (issue: "targets kept in one file"). Most are ratios between a
 * figure and a reference measured in the same run, because these machines are noisy; a few are absolute
 * limits the issue states in MB or ms. `op` says which way is good.
 */

export type TargetKey =
  | 'throughput'
  | 'recordingOverhead'
  | 'stepLatency'
  | 'fanOut'
  | 'floodBackendRss'
  | 'floodRendererHeap'
  | 'floodCtrlC'
  | 'startup';

export interface Target {
  /** ratio: figure / reference; limit: the figure itself, in `unit`. */
  kind: 'ratio' | 'limit';
  op: '>=' | '<=' | '<';
  value: number;
  unit?: string;
  /** What the comparison means, for the table's notes. */
  meaning: string;
}

export const TARGETS: Record<TargetKey, Target> = {
  throughput: { kind: 'ratio', op: '>=', value: 0.8, meaning: 'full path ≥ 0.8 × xterm.js alone' },
  recordingOverhead: { kind: 'ratio', op: '>=', value: 0.95, meaning: 'recording on ≥ 0.95 × recording off' },
  stepLatency: { kind: 'ratio', op: '<=', value: 2, meaning: 'median step ≤ 2 × bare ssh2 exec' },
  fanOut: { kind: 'ratio', op: '<=', value: 1.3, meaning: 'four at once ≤ 1.3 × slowest single server' },
  floodBackendRss: {
    kind: 'limit',
    op: '<',
    value: 150,
    unit: 'MB',
    meaning: 'peak backend RSS growth < 150 MB',
  },
  // "does not grow with the output": heap at the end of the flood / heap after its first tenth.
  floodRendererHeap: {
    kind: 'ratio',
    op: '<=',
    value: 1.25,
    meaning: 'renderer heap at end ≤ 1.25 × after 10 %',
  },
  floodCtrlC: {
    kind: 'limit',
    op: '<=',
    value: 1000,
    unit: 'ms',
    meaning: 'Ctrl-C ends the step within 1 s',
  },
  startup: { kind: 'ratio', op: '<=', value: 1.5, meaning: 'app ≤ 1.5 × the static page' },
};

export type Verdict = 'pass' | 'fail' | 'not-measured';

/** Compares a measured number (a ratio or the figure, per target.kind) with its target. */
export function meets(target: Target, measured: number | undefined): Verdict {
  if (measured === undefined || !Number.isFinite(measured)) return 'not-measured';
  switch (target.op) {
    case '>=':
      return measured >= target.value ? 'pass' : 'fail';
    case '<=':
      return measured <= target.value ? 'pass' : 'fail';
    case '<':
      return measured < target.value ? 'pass' : 'fail';
  }
}

export function describeTarget(target: Target): string {
  return target.kind === 'ratio'
    ? `${target.op} ${target.value}×`
    : `${target.op} ${target.value} ${target.unit ?? ''}`.trim();
}
