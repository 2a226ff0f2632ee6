import { knownHostsPath, newRunId, runDir } from '../electron/core/data-dir';
import { RunEngine } from '../electron/core/run/engine';
import type { RunEvent, RunEventBody } from '../electron/core/run/events';
import { Journal } from '../electron/core/run/journal';
import { engineStepsOf } from '../electron/core/run/plan-steps';
import { ConnectionPool } from '../electron/core/run/run-connections';
import {
  RunSetupError,
  runStartedEvent,
  type PreparedRun,
  type RunnerOptions,
} from '../electron/core/run/runner';
import { textRedactor } from '../electron/core/run/run-secrets';
import { bindRunbook } from '../electron/core/runbook/bind';

/**
 * "Recording off" for figure 2: the app's run with the same engine, SSH pool and redaction as prepareRun,
 * but no transcripts and no journal on disk after its first line. That first line (run-started) is written
 * for real, because the run page opens a run by reading its journal; every later event only gets the
 * numbering the UI needs. Bench only: such a run cannot be verified or resumed.
 */
export async function prepareQuietRun(options: RunnerOptions): Promise<PreparedRun> {
  const runId = newRunId(new Date(), options.runbook.id);
  const bound = bindRunbook(options.runbook, { values: options.values, inventory: options.inventory, runId });
  if (!bound.ok) throw new RunSetupError('bind', bound.errors.map((e) => e.message).join('; '), bound.errors);
  const plan = bound.plan;
  const steps = engineStepsOf(plan);
  const redactor = textRedactor(plan.secrets);
  const dir = runDir(options.dataDir, runId);
  let journal: Journal | undefined = Journal.create(dir, runId, { redact: redactor.redact });
  let last: RunEvent | undefined;
  const pool = new ConnectionPool({
    inventory: options.inventory,
    secrets: options.secrets,
    knownHostsPath: knownHostsPath(options.dataDir),
    hostKeys: options.hostKeys,
    cols: options.cols ?? 120,
    rows: options.rows ?? 32,
  });
  const engine = new RunEngine({
    steps,
    services: {
      journal: {
        append(body: RunEventBody): RunEvent {
          if (journal) {
            last = journal.append(body);
            journal.close();
            journal = undefined;
            return last;
          }
          last = { ...body, seq: (last?.seq ?? -1) + 1, ts: new Date().toISOString(), prev: '' } as RunEvent;
          return last;
        },
      },
      openSession: (role) => pool.openSession(role),
      installFile: (role, request) => pool.installFile(role, request),
      recorderFor: () => ({ output() {}, marker() {} }),
      redactor,
      clock: { now: () => Date.now() },
      operator: options.operator,
    },
  });
  let closed = false;
  return {
    runId,
    dir,
    plan,
    engine,
    warnings: [],
    generated: [],
    signingErrors: [],
    // The same run-started event as the app's runner: the run page reads its servers and steps.
    start: () => engine.begin(runStartedEvent(options, plan, runId)),
    async close(reason?: string) {
      if (closed) return;
      closed = true;
      try {
        await engine.close(reason);
      } finally {
        await pool.closeAll();
        journal?.close();
      }
    },
  };
}
