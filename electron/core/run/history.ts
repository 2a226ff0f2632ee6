import fs from 'node:fs';
import path from 'node:path';
import { allowedSignersPath, runsDir } from '../data-dir';
import type { RecordStatus, RunSummary as RecordedRun } from '../contract/types';
import type { RunEvent } from './events';
import { JOURNAL_FILE } from './journal-format';
import { recordStatusOf, verifyRecord } from './record-verify';
import { runConcerns } from './run-concerns';
import { describeProblem } from './verify';

/** A recorded run as its journal tells it: the contract's RunSummary without `live` (the backend's to add). */
export type RunSummary = Omit<RecordedRun, 'live'>;

function summarize(runId: string, events: RunEvent[], record: RecordStatus, problems: string[]): RunSummary {
  const started = events.find((e) => e.type === 'run-started');
  const finished = events.findLast((e) => e.type === 'run-finished');
  const first = events[0];
  const end = finished ?? events.at(-1);
  const startedAt = started?.ts ?? first?.ts;
  const durationMs = startedAt && end ? Date.parse(end.ts) - Date.parse(startedAt) : undefined;
  return {
    runId,
    runbookId: started?.runbookId,
    title: started?.runbookTitle,
    operator: started?.operator,
    servers: started?.servers.map((s) => ({ role: s.role, host: s.host })) ?? [],
    startedAt,
    durationMs,
    outcome: finished?.outcome ?? 'interrupted',
    ...runConcerns(events),
    verified: record.state !== 'broken',
    record,
    problems,
    ...(started?.resumedFrom ? { resumedFrom: started.resumedFrom } : {}),
  };
}

/**
 * Every recorded run in dataDir, newest first, each record fully verified (a run is small): journal,
 * seal, transcripts and signature against `allowedSigners` (default `<data dir>/allowed_signers`).
 */
export async function listRuns(
  dataDir: string,
  allowedSigners: string = allowedSignersPath(dataDir),
): Promise<RunSummary[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(runsDir(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const summaries: RunSummary[] = [];
  for (const name of names) {
    const dir = path.join(runsDir(dataDir), name);
    if (!fs.existsSync(path.join(dir, JOURNAL_FILE))) continue;
    const result = await verifyRecord(dir, { allowedSigners });
    const problems = result.problems.map((p) => describeProblem(p));
    summaries.push(summarize(result.runId ?? name, result.events, recordStatusOf(result), problems));
  }
  // Run ids start with their UTC start time, so they sort like startedAt; fall back to the id.
  return summaries.sort(
    (a, b) =>
      (b.startedAt ?? b.runId).localeCompare(a.startedAt ?? a.runId) || b.runId.localeCompare(a.runId),
  );
}
