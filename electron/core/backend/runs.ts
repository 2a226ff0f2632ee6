import fs from 'node:fs';
import os from 'node:os';
import { allowedSignersPath, knownHostsPath, runDir } from '../data-dir';
import type { InventoryStore } from '../inventory/inventory-store';
import type { Inventory } from '../inventory/model';
import type { ServerRole } from '../runbook/model';
import { EngineError, type EngineSnapshot } from '../run/engine';
import { listRuns as listRunHistory } from '../run/history';
import { buildReport, renderReport } from '../run/report';
import { renderHtmlReport } from '../run/report-html';
import { readTranscript } from './transcripts';
import { readCastTail } from '../run/cast-tail';
import { abortedBy } from '../contract/recorded-reasons';
import { prepareRun, RunSetupError, type PreparedRun, type RunnerOptions } from '../run/runner';
import { verifyJournal } from '../run/verify';
import { reportVerification, verifyRecord, type RecordVerdict } from '../run/record-verify';
import { secretAccounts, type SecretStore } from '../vault/secret-store';
import type { ParsedInput } from '../contract/schemas';
import { ApiError } from '../contract/names';
import type {
  ExportedFile,
  FilePreview,
  RunDetail,
  RunState,
  RunSummary,
  TerminalReplay,
  Transcript,
  VerifyReport,
} from '../contract/types';
import type { RunbookCatalog } from './catalog';
import type { EventHub } from './event-hub';
import { previewFile } from './file-preview';
import { TerminalBatcher } from './terminal-batch';
import { holdsInterrupt, TerminalFlows } from './terminal-flow';

export interface RunServiceDeps {
  dataDir: string;
  catalog: RunbookCatalog;
  inventory: InventoryStore;
  secrets: SecretStore;
  hub: EventHub;
  /** Read-only known_hosts trust sources (the engineer's OpenSSH files); see ConnectOptions. */
  trustedKnownHostsFiles?: readonly string[];
  /** Recorded as who confirmed, ticked and ran; defaults to the OS user name. */
  operator?: string;
  /** App name and version, recorded in run-started. */
  app: string;
  /** Helper D's prepareRun; replaceable in unit tests. */
  prepare?: (options: RunnerOptions) => Promise<PreparedRun>;
}

interface LiveRun {
  prepared: PreparedRun;
  runbookId: string;
  terminals: Set<ServerRole>;
  /** Flow control of each server's terminal stream (terminal-flow.ts). */
  flows: TerminalFlows<ServerRole>;
  /** Output held a few ms and pushed in larger messages (terminal-batch.ts). */
  output: TerminalBatcher<ServerRole>;
  /** Characters of each server's stream pushed so far: the `end` of each push, the seam of a replay. */
  pushed: Map<ServerRole, number>;
  unsubscribe: Array<() => void>;
}

const ENDED = new Set(['finished', 'aborted']);

/** One Inventory (one server per role) from the store's list; two servers for one role is ambiguous. */
export function inventoryOf(store: InventoryStore): Inventory {
  const inventory: Inventory = {};
  for (const server of store.list()) {
    const taken = inventory[server.role];
    if (taken)
      throw new ApiError(
        'conflict',
        `Two servers have the role "${server.role}" (${taken.id} and ${server.id}); remove one before starting a run.`,
      );
    inventory[server.role] = server;
  }
  return inventory;
}

/** Maps the run layer's errors onto the contract's codes, keeping their messages (they name the field). */
function asApiError(error: unknown): unknown {
  if (error instanceof EngineError) {
    const code =
      error.code === 'unknown-step'
        ? 'not-found'
        : error.code === 'reason-required'
          ? 'invalid-input'
          : 'conflict';
    return new ApiError(code, error.message);
  }
  if (error instanceof RunSetupError)
    return new ApiError(error.code === 'resume' ? 'conflict' : 'invalid-input', error.message);
  return error;
}

/**
 * Live runs of this backend (on helper D's prepareRun/RunEngine) and the recorded ones (history.ts).
 * Every engine event, state change and terminal chunk is forwarded to the EventHub, tagged with the run id.
 */
export class RunService {
  private readonly live = new Map<string, LiveRun>();
  private readonly operator: string;
  private readonly prepare: (options: RunnerOptions) => Promise<PreparedRun>;

  constructor(private readonly deps: RunServiceDeps) {
    this.operator = deps.operator ?? os.userInfo().username;
    this.prepare = deps.prepare ?? prepareRun;
  }

  async start(input: ParsedInput<'startRun'>): Promise<RunState> {
    const runbook = await this.deps.catalog.get(input.runbookId);
    let prepared: PreparedRun;
    try {
      prepared = await this.prepare({
        dataDir: this.deps.dataDir,
        runbook,
        inventory: inventoryOf(this.deps.inventory),
        values: input.variables,
        secrets: this.deps.secrets,
        // Unknown host keys are accepted from the Servers view (testConnection), never in the middle of a run.
        hostKeys: 'reject',
        ...(this.deps.trustedKnownHostsFiles
          ? { trustedKnownHostsFiles: this.deps.trustedKnownHostsFiles }
          : {}),
        operator: this.operator,
        app: this.deps.app,
        ...(input.resumeFrom ? { resume: { runId: input.resumeFrom } } : {}),
      });
    } catch (error) {
      throw asApiError(error);
    }
    const { runId, engine } = prepared;
    const run: LiveRun = {
      prepared,
      runbookId: runbook.id,
      terminals: new Set(),
      flows: new TerminalFlows((role) => ({
        pause: () => engine.pauseOutput(role),
        resume: () => engine.resumeOutput(role),
      })),
      output: new TerminalBatcher((role, data) => {
        const end = (run.pushed.get(role) ?? 0) + data.length;
        run.pushed.set(role, end);
        this.deps.hub.emit('onTerminalData', { runId, role, data, chars: data.length, end });
      }),
      pushed: new Map(),
      unsubscribe: [],
    };
    this.live.set(runId, run);
    // Held output goes out before any event or state, so no step is shown ended before its output.
    run.unsubscribe.push(
      engine.onEvent((event) => {
        run.output.flush();
        this.deps.hub.emit('onRunEvent', { runId, event });
      }),
      engine.onTerminalData((role, data) => {
        run.terminals.add(role);
        // Counted when it leaves the SSH channel, held or not: held output is in flight all the same.
        run.flows.get(role).sent(data.length);
        run.output.add(role, data);
      }),
      engine.onStateChange((snapshot) => {
        run.output.flush();
        this.deps.hub.emit('onRunState', this.toState(run, snapshot));
      }),
      () => run.output.flush(),
    );
    try {
      return await this.act(runId, () => prepared.start());
    } catch (error) {
      await this.finish(runId, 'the run could not start');
      throw error;
    }
  }

  runNext(runId: string): Promise<RunState> {
    return this.act(runId, (run) => run.prepared.engine.runNext());
  }

  runUntilPause(runId: string): Promise<RunState> {
    return this.act(runId, (run) => run.prepared.engine.runUntilPause());
  }

  confirm(runId: string, step: string): Promise<RunState> {
    return this.act(runId, (run) => run.prepared.engine.confirm(step, this.operator));
  }

  skip(runId: string, step: string, reason: string): Promise<RunState> {
    return this.act(runId, (run) => run.prepared.engine.skip(step, reason));
  }

  retry(runId: string, step: string): Promise<RunState> {
    return this.act(runId, (run) => {
      const current = run.prepared.engine.snapshot().current;
      if (current !== step)
        throw new ApiError(
          'conflict',
          `Step ${step} is not the current step (${current ?? 'none'}); only it can be retried.`,
        );
      return run.prepared.engine.retry();
    });
  }

  reconnect(runId: string, choice: 'continue' | 'replay'): Promise<RunState> {
    return this.act(runId, (run) => run.prepared.engine.reconnect(choice, this.operator));
  }

  /**
   * The end of a live terminal's transcript, for a reopened page (cast-tail.ts), and where it stands in the
   * stream. The seam: held output is pushed first and the transcript flushed, both synchronously, so the
   * file ends exactly at `end` characters of the stream; later pushes carry a larger `end`.
   */
  async replay(runId: string, role: ServerRole): Promise<TerminalReplay> {
    const run = this.require(runId);
    run.output.flush();
    const end = run.pushed.get(role) ?? 0;
    const point = run.prepared.engine.transcriptCheckpoint(role);
    if (!point) return { data: '', end, clipped: false };
    const tail = await readCastTail(point.file, point.bytes);
    return { ...tail, end };
  }

  tickManual(runId: string, step: string): Promise<RunState> {
    return this.act(runId, (run) => run.prepared.engine.tickManual(step, this.operator));
  }

  abort(runId: string, reason?: string): Promise<RunState> {
    return this.act(runId, (run) => run.prepared.engine.abort(reason?.trim() || abortedBy(this.operator)));
  }

  write(runId: string, role: ServerRole, data: string): void {
    const run = this.require(runId);
    // Before the keys reach the server, so that the prompt behind the stopped output is not held back.
    if (holdsInterrupt(data)) run.flows.get(role).interrupted();
    run.prepared.engine.write(role, data);
  }

  resize(runId: string, role: ServerRole, cols: number, rows: number): void {
    this.require(runId).prepared.engine.resize(role, cols, rows);
  }

  /** The renderer parsed `chars` more characters of a server's output (and may attach or detach its view). */
  ack(runId: string, role: ServerRole, chars: number, attached?: boolean): void {
    const flow = this.require(runId).flows.get(role);
    if (attached !== undefined) flow.attach(attached);
    flow.acked(chars);
  }

  isLive(runId: string): boolean {
    return this.live.has(runId);
  }

  /** The diff a file step of a live run would make, read from the server now (file-preview.ts). */
  preview(runId: string, step: string): Promise<FilePreview> {
    const run = this.require(runId);
    return previewFile(run.prepared.plan, step, {
      inventory: inventoryOf(this.deps.inventory),
      secrets: this.deps.secrets,
      knownHostsPath: knownHostsPath(this.deps.dataDir),
      ...(this.deps.trustedKnownHostsFiles
        ? { trustedKnownHostsFiles: this.deps.trustedKnownHostsFiles }
        : {}),
    });
  }

  async list(): Promise<RunSummary[]> {
    const runs = await listRunHistory(this.deps.dataDir);
    return runs.map((r) => ({ ...r, live: this.live.has(r.runId) }));
  }

  async get(runId: string): Promise<RunDetail> {
    const dir = this.existingDir(runId);
    const [summary, verified] = await Promise.all([
      this.list().then((all) => all.find((r) => r.runId === runId)),
      verifyJournal(dir),
    ]);
    if (!summary) throw new ApiError('not-found', `No recorded run "${runId}".`);
    return {
      summary,
      events: verified.events,
      ...(this.live.has(runId) ? { state: this.state(runId) } : {}),
    };
  }

  async verify(runId: string): Promise<VerifyReport> {
    const result = await this.verifyRecord(runId);
    return {
      ...reportVerification(result, 'journal.jsonl'),
      events: result.events.length,
      notes: result.notes,
      ...(result.sealedSeq !== undefined ? { sealedSeq: result.sealedSeq } : {}),
    };
  }

  /** Journal, seal, transcripts and signature, trusting `<data dir>/allowed_signers` (docs/run-records.md). */
  private verifyRecord(runId: string): Promise<RecordVerdict> {
    return verifyRecord(this.existingDir(runId), { allowedSigners: allowedSignersPath(this.deps.dataDir) });
  }

  /** One server's recorded terminal, for replay (see transcripts.ts). */
  async transcript(runId: string, role: ServerRole): Promise<Transcript> {
    return readTranscript(this.existingDir(runId), runId, role);
  }

  async export(runId: string, format: 'markdown' | 'html' | 'json'): Promise<ExportedFile> {
    const result = await this.verifyRecord(runId);
    const verification = reportVerification(result);
    if (format === 'html') {
      let report;
      try {
        report = buildReport(result.events, verification);
      } catch (error) {
        throw new ApiError('conflict', `Run "${runId}" cannot be reported: ${(error as Error).message}.`);
      }
      return { fileName: `${runId}.html`, mimeType: 'text/html', content: renderHtmlReport(report) };
    }
    const content = renderReport(result.events, format === 'json' ? 'json' : 'md', { verification });
    return format === 'json'
      ? { fileName: `${runId}.json`, mimeType: 'application/json', content }
      : { fileName: `${runId}.md`, mimeType: 'text/markdown', content };
  }

  /** Ends every live run (app quit): each gets its run-finished and can be resumed later. */
  async closeAll(reason: string): Promise<void> {
    await Promise.allSettled([...this.live.keys()].map((runId) => this.finish(runId, reason)));
  }

  private state(runId: string): RunState {
    const run = this.require(runId);
    return this.toState(run, run.prepared.engine.snapshot());
  }

  /**
   * The engine's last error as the UI needs it: a missing keychain entry is named by the server and kind
   * setServerSecret takes (from its account, `server:<secret id>:<kind>`), so the run page can ask for it.
   */
  private lastErrorOf(
    error: NonNullable<EngineSnapshot['lastError']>,
    snapshot: EngineSnapshot,
  ): RunState['lastError'] {
    const { details, ...shown } = error;
    const kind = details?.['missing'];
    if (error.code !== 'secret-missing' || (kind !== 'password' && kind !== 'passphrase')) return shown;
    const role = snapshot.steps.find((s) => s.name === error.step)?.target;
    const server = role ? inventoryOf(this.deps.inventory)[role] : undefined;
    if (!server) return shown;
    const accountOf = kind === 'password' ? secretAccounts.serverPassword : secretAccounts.keyPassphrase;
    const jump = server.jump && details?.['account'] === accountOf(server.jump.secretId);
    return {
      ...shown,
      missingSecret: {
        serverId: server.id,
        kind,
        label: server.label,
        ...(jump ? { jump: true as const } : {}),
      },
    };
  }

  private toState(run: LiveRun, snapshot: EngineSnapshot): RunState {
    return {
      runId: run.prepared.runId,
      runbookId: run.runbookId,
      phase: snapshot.state,
      ...(snapshot.current !== undefined ? { current: snapshot.current } : {}),
      ...(snapshot.pending ? { pending: snapshot.pending } : {}),
      ...(snapshot.lastError ? { lastError: this.lastErrorOf(snapshot.lastError, snapshot) } : {}),
      lost: snapshot.lost.map((l) => ({ ...l })),
      ...(snapshot.reconnect
        ? { reconnect: { ...snapshot.reconnect, replay: [...snapshot.reconnect.replay] } }
        : {}),
      steps: snapshot.steps.map((s) => ({ ...s })),
      terminals: [...run.terminals],
    };
  }

  /** Runs an engine command, maps its errors, and closes the run's resources once it has ended. */
  private async act(runId: string, command: (run: LiveRun) => Promise<unknown>): Promise<RunState> {
    const run = this.require(runId);
    try {
      await command(run);
    } catch (error) {
      throw asApiError(error);
    }
    const state = this.state(runId);
    if (ENDED.has(state.phase)) await this.finish(runId);
    return state;
  }

  private async finish(runId: string, reason?: string): Promise<void> {
    const run = this.live.get(runId);
    if (!run) return;
    this.live.delete(runId);
    try {
      await run.prepared.close(reason);
    } finally {
      run.unsubscribe.forEach((off) => off());
    }
  }

  private require(runId: string): LiveRun {
    const run = this.live.get(runId);
    if (!run)
      throw new ApiError(
        'not-found',
        `Run "${runId}" is not open in this app (it ended, or never started here).`,
      );
    return run;
  }

  private existingDir(runId: string): string {
    const dir = runDir(this.deps.dataDir, runId);
    if (!fs.existsSync(dir)) throw new ApiError('not-found', `No recorded run "${runId}".`);
    return dir;
  }
}
