import type { RunEvent } from '../core/run/events';
import { formatDuration } from '../core/run/report';
import type { Output } from './output';

/**
 * Human output of a run: each step's terminal output as it streams, and one status line per step.
 * With --json every event is one JSON line instead, and terminal output is left out (it is in the .cast).
 */
export function printEvent(out: Output, event: RunEvent, json: boolean): void {
  if (json) {
    out.json(event);
    return;
  }
  switch (event.type) {
    case 'run-started':
      out.line(`Run ${event.runId}: ${event.runbookTitle} [${event.runbookId}] by ${event.operator}`);
      break;
    case 'run-resumed':
      out.line(`Resuming from step ${event.fromStep || '(none left)'}`);
      break;
    case 'server-connected':
      out.line(`  connected to ${event.role} (host key ${event.fingerprint})`);
      break;
    case 'server-disconnected':
      out.line(`\n  connection to ${event.role} lost: ${event.reason}`);
      break;
    case 'reconnect-chosen':
      out.line(
        `  ${event.by} chose to reconnect to ${event.role}${event.choice === 'replay' ? ` and re-run ${event.steps.join(', ') || 'no step'} first` : ' and continue in a new shell'}`,
      );
      break;
    case 'host-key-accepted':
      out.line(`  accepted the host key of ${event.host}:${event.port}: ${event.fingerprint}`);
      break;
    case 'step-started':
      out.line(
        `\n▶ ${event.step}${event.target ? ` [${event.target}]` : ''}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`,
      );
      break;
    case 'file-diff':
      out.line(event.changed ? event.diff.replace(/\n$/, '') : `  ${event.path} unchanged`);
      break;
    case 'step-finished': {
      const mark = event.status === 'succeeded' ? '✔' : '✘';
      const exit = event.exitCode === null ? 'no exit status' : `exit ${event.exitCode}`;
      const extra = event.timedOut ? ', timed out' : event.cancelled ? ', cancelled' : '';
      out.line(
        `${mark} ${event.step} ${event.status} (${exit}${extra}, ${formatDuration(event.durationMs)})`,
      );
      if (event.status !== 'succeeded' && event.exitCode === null && event.output)
        out.line(`  ${event.output}`);
      break;
    }
    case 'step-skipped':
      out.line(`↷ ${event.step} skipped (${event.by === 'unless' ? 'unless: ' : ''}${event.reason})`);
      break;
    case 'step-confirmed':
      out.line(`  ${event.step} confirmed by ${event.by}`);
      break;
    case 'manual-step-ticked':
      out.line(`☑ ${event.step} ticked by ${event.by}`);
      break;
    case 'run-finished':
      out.line(`\nRun ${event.outcome}${event.reason ? `: ${event.reason}` : ''}`);
      break;
  }
}
