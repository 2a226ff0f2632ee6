/**
 * Bench hook (docs/bench.md, figures 1, 2 and 5b): in a build made with VITE_RB_BENCH=1 only, each terminal
 * view counts the characters it handed to xterm.js and those xterm has parsed (write callbacks), on
 * `window.__rbTerminalStats["<runId>/<role>"]`, so that the bench can tell when the terminal has caught up.
 * In every other build the condition is false at build time and the counters do not exist.
 */
export interface TerminalStats {
  queued: number;
  parsed: number;
}

declare global {
  interface Window {
    __rbTerminalStats?: Record<string, TerminalStats>;
  }
}

export function benchStatsFor(runId: string, role: string): TerminalStats | undefined {
  if (import.meta.env.VITE_RB_BENCH !== '1') return undefined;
  const all = (window.__rbTerminalStats ??= {});
  return (all[`${runId}/${role}`] ??= { queued: 0, parsed: 0 });
}
