import fs from 'node:fs';
import path from 'node:path';
import { runsDir } from '../data-dir';
import type { RunEvent, RunOutcome } from './events';
import { JOURNAL_FILE } from './journal-format';
import { verifyJournal } from './verify';

export interface RunSummary {
  runId: string;
  runbookId?: string;
  title?: string;
  operator?: string;
  servers: Array<{ role: string; host: string }>;
  /** ISO time of the run-started event (or of the first event). */
  startedAt?: string;
  /** Up to run-finished, or up to the last event of an interrupted run. */
  durationMs?: number;
  /** 'interrupted' when the journal has no run-finished event (crash, closed laptop, killed CLI). */
  outcome: RunOutcome;
  /** The journal verified: chain, seq and head intact. */
  verified: boolean;
  problems: string[];
  resumedFrom?: string;
}

function summarize(runId: string, events: RunEvent[], verified: boolean, problems: string[]): RunSummary {
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
    verified,
    problems,
    ...(started?.resumedFrom ? { resumedFrom: started.resumedFrom } : {}),
  };
}

/** Every recorded run in dataDir, newest first, each journal fully verified (a run is small). */
export async function listRuns(dataDir: string): Promise<RunSummary[]> {
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
    const result = await verifyJournal(dir);
    const problems = result.problems.map((p) => (p.line ? `line ${p.line}: ${p.message}` : p.message));
    summaries.push(summarize(result.runId ?? name, result.events, result.ok, problems));
  }
  // Run ids start with their UTC start time, so they sort like startedAt; fall back to the id.
  return summaries.sort(
    (a, b) =>
      (b.startedAt ?? b.runId).localeCompare(a.startedAt ?? a.runId) || b.runId.localeCompare(a.runId),
  );
}
