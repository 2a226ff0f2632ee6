import type { ServerRole } from '../runbook/model';
import type { RunEvent, RunEventBody, RunOutcome, StepStatus } from './events';
import { execFileStep, execShellStep, type ExecOutcome } from './engine-exec';
import { EngineSessions } from './engine-sessions';
import { RECORDED_REASONS, stoppedAfter } from '../contract/recorded-reasons';
import { pausesForLostShell, setupStepsToReplay, type ReconnectChoice } from './reconnect-policy';
import {
  EngineError,
  type EngineServices,
  type EngineSnapshot,
  type EngineState,
  type EngineStep,
  type EngineStepView,
} from './engine-types';

export { EngineError } from './engine-types';
export type * from './engine-types';

type StepMark = StepStatus | 'ticked';
/** What a resumed run takes over from the journal: steps already done. */
export type DoneSteps = Record<string, 'succeeded' | 'skipped' | 'ticked'>;

export interface RunEngineOptions {
  steps: EngineStep[];
  services: EngineServices;
  /** Steps done in an earlier part of this run (resume): the engine starts at the first other one. */
  done?: DoneSteps;
  /**
   * Attempts already made at each step in earlier parts of this run (resume): numbering goes on from them,
   * so a step tried before and after a resume is journaled as attempts 1 and 2, not 1 and 1.
   */
  attempts?: Record<string, number>;
  /** Run only these steps: each other one is journaled as skipped (reason "--only") when its turn comes. */
  only?: ReadonlySet<string>;
  /**
   * End the run once this step is done (succeeded, skipped or ticked), before the steps after it: the run
   * finishes 'aborted' with a reason naming the step, and can be resumed from the next one. See stoppedAsAsked.
   */
  stopAfter?: string;
}

/** The step-skipped reason of a step left out by `only`. */
export const ONLY_SKIP_REASON = RECORDED_REASONS.only;

const TERMINAL: ReadonlySet<EngineState> = new Set(['finished', 'aborted']);

/**
 * The run state machine over a bound plan. It walks the steps in order, one at a time, and stops for
 * what needs a human: a confirmation, a manual step, a failure, a lost connection. Every event goes to
 * the journal first (flushed to disk), then to listeners: what the UI shows is always already on disk.
 *
 * Commands that resolve a pause (confirm, tickManual, skip) only move the state; the caller then runs
 * on with runNext()/runUntilPause(). retry() re-runs the failed step at once.
 */
export class RunEngine {
  private stateValue: EngineState = 'idle';
  private cursor = 0;
  private readonly marks = new Map<string, StepMark>();
  private readonly attempts = new Map<string, number>();
  private readonly confirmed = new Set<string>();
  private readonly done: DoneSteps;
  private readonly steps: EngineStep[];
  private readonly services: EngineServices;
  private readonly sessions: EngineSessions;
  private readonly eventListeners = new Set<(event: RunEvent) => void>();
  private readonly dataListeners = new Set<(role: ServerRole, data: string) => void>();
  private readonly stateListeners = new Set<(snapshot: EngineSnapshot) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private running?: { step: EngineStep; done: Promise<ExecOutcome> };
  private abortReason?: string;
  private runFinished = false;
  private lastError?: EngineSnapshot['lastError'];
  private readonly only?: ReadonlySet<string>;
  private readonly stopAfter?: string;
  private stoppedAsAskedValue = false;
  /** Servers whose shell dropped, with the reason, until the engineer chooses what to do (reconnect()). */
  private readonly lost = new Map<ServerRole, string>();

  constructor(options: RunEngineOptions) {
    this.steps = options.steps;
    this.services = options.services;
    this.done = options.done ?? {};
    this.only = options.only;
    this.stopAfter = options.stopAfter;
    for (const [name, mark] of Object.entries(this.done)) this.marks.set(name, mark);
    for (const [name, count] of Object.entries(options.attempts ?? {})) this.attempts.set(name, count);
    this.sessions = new EngineSessions(
      this.services,
      (body) => this.record(body),
      (role, data) => this.dataListeners.forEach((l) => l(role, data)),
      (role, reason) => {
        this.lost.set(role, reason);
        // Same state, new snapshot: the UI shows the loss at once (also while a step on another server
        // runs), not when the run next moves.
        this.setState(this.stateValue);
      },
    );
    this.cursor = this.nextPending(0);
  }

  get state(): EngineState {
    return this.stateValue;
  }

  /** The run ended 'aborted' because it reached its stopAfter step, as asked: not a failure. */
  get stoppedAsAsked(): boolean {
    return this.stoppedAsAskedValue;
  }

  /** Writes the run's opening event (run-started, or run-resumed); marks a fully done plan finished. */
  async begin(header: Extract<RunEventBody, { type: 'run-started' | 'run-resumed' }>): Promise<void> {
    await this.record(header);
    if (this.cursor >= this.steps.length) await this.finishRun('succeeded');
  }

  /** Journal first, then listeners; events are written one at a time, in call order. */
  record(body: RunEventBody): Promise<void> {
    const next = this.queue.then(async () => {
      const event = await this.services.journal.append(body);
      for (const listener of this.eventListeners) listener(event);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  onEvent(listener: (event: RunEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onTerminalData(listener: (role: ServerRole, data: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onStateChange(listener: (snapshot: EngineSnapshot) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  snapshot(): EngineSnapshot {
    const current = this.steps[this.cursor];
    const steps: EngineStepView[] = this.steps.map((s) => ({
      name: s.name,
      kind: s.kind,
      target: s.kind === 'manual' ? undefined : s.target,
      display: s.display,
      status: this.marks.get(s.name) ?? 'pending',
      attempt: this.attempts.get(s.name) ?? 0,
    }));
    const pending =
      this.stateValue === 'awaiting-confirmation' && current
        ? { step: current.name, prompt: current.confirm, command: current.display }
        : this.stateValue === 'awaiting-manual' && current
          ? { step: current.name, command: current.display }
          : undefined;
    const lost = [...this.lost].map(([role, reason]) => ({ role, reason }));
    const reconnect =
      this.stateValue === 'awaiting-reconnect' && current && current.kind !== 'manual'
        ? {
            role: current.target,
            reason: this.lost.get(current.target) ?? '',
            replay: this.setupSteps(current.target),
          }
        : undefined;
    return {
      state: this.stateValue,
      current: current?.name,
      pending,
      lastError: this.lastError,
      lost,
      ...(reconnect ? { reconnect } : {}),
      steps,
    };
  }

  /** Runs the current step, or stops in front of it when it needs a confirmation or a tick. */
  async runNext(): Promise<EngineState> {
    this.expectState(['idle'], 'run the next step');
    const step = this.steps[this.cursor];
    if (!step) return this.stateValue;
    if (this.only && !this.only.has(step.name)) {
      await this.record({ type: 'step-skipped', step: step.name, reason: ONLY_SKIP_REASON, by: 'operator' });
      this.marks.set(step.name, 'skipped');
      return this.advance();
    }
    if (step.kind === 'manual') return this.setState('awaiting-manual');
    // Never a silent new shell: the step may need what earlier steps left in the lost one (reconnect-policy.ts).
    if (pausesForLostShell(step, this.lost)) return this.setState('awaiting-reconnect');
    if (step.confirm !== undefined && !this.confirmed.has(step.name))
      return this.setState('awaiting-confirmation');
    const outcome = await this.execute(step);
    if (this.abortReason !== undefined) return this.finishAborted();
    if (outcome.status === 'succeeded' || outcome.status === 'skipped') return this.advance();
    if (outcome.status === 'interrupted') {
      // The drop may be reported by the step before the session's close event: the shell is lost either way.
      if (!this.lost.has(step.target))
        this.lost.set(step.target, outcome.error?.message ?? 'connection lost');
      return this.setState('awaiting-reconnect');
    }
    return this.setState('failed');
  }

  /** Runs steps until the next confirmation, manual step, failure, interruption or the end. */
  async runUntilPause(): Promise<EngineState> {
    while (this.stateValue === 'idle' && this.cursor < this.steps.length) await this.runNext();
    return this.stateValue;
  }

  /** On demand: a `check` step at any time (the run stays where it is), or the current step. */
  async runStep(name: string): Promise<EngineState> {
    const step = this.findStep(name);
    if (step === this.steps[this.cursor]) return this.runNext();
    if (step.kind !== 'shell' || !step.check)
      throw new EngineError('invalid-state', `step ${name} is neither a check step nor the current step`);
    if (this.running) throw new EngineError('busy', `step ${this.running.step.name} is running`);
    const before = this.stateValue;
    await this.execute(step);
    if (this.abortReason !== undefined) return this.finishAborted();
    return this.setState(before);
  }

  async confirm(name: string, by: string): Promise<EngineState> {
    this.expectState(['awaiting-confirmation'], 'confirm a step');
    this.expectCurrent(name);
    await this.record({ type: 'step-confirmed', step: name, by });
    this.confirmed.add(name);
    return this.setState('idle');
  }

  async tickManual(name: string, by: string): Promise<EngineState> {
    this.expectState(['awaiting-manual'], 'tick a manual step');
    this.expectCurrent(name);
    await this.record({ type: 'manual-step-ticked', step: name, by });
    this.marks.set(name, 'ticked');
    return this.advance();
  }

  /** Re-runs the step that failed or was interrupted (reconnecting when its connection dropped). */
  async retry(): Promise<EngineState> {
    this.expectState(['failed', 'interrupted'], 'retry');
    this.setState('idle');
    return this.runNext();
  }

  /**
   * The engineer's answer to a lost connection (state awaiting-reconnect): journaled first, then the next
   * step may open a new shell. 'replay' first re-runs the set-up steps (setupStepsToReplay) in the new
   * shell, in order; if one does not succeed the run pauses again here, with that as the reason. The caller
   * then runs on with runNext()/runUntilPause(), which re-runs the current step (interrupted or not yet run).
   */
  async reconnect(choice: ReconnectChoice, by: string): Promise<EngineState> {
    this.expectState(['awaiting-reconnect'], 'reconnect');
    const current = this.steps[this.cursor];
    if (!current || current.kind === 'manual')
      throw new EngineError('invalid-state', 'the current step needs no server');
    const role = current.target;
    const replay = choice === 'replay' ? this.setupSteps(role) : [];
    await this.record({ type: 'reconnect-chosen', role, choice, steps: replay, by });
    this.lost.delete(role);
    for (const name of replay) {
      const outcome = await this.execute(this.findStep(name));
      if (this.abortReason !== undefined) return this.finishAborted();
      if (outcome.status !== 'succeeded' && outcome.status !== 'skipped') {
        this.lost.set(role, `set-up step ${name} ${outcome.status} when re-run`);
        return this.setState('awaiting-reconnect');
      }
    }
    return this.setState('idle');
  }

  async skip(name: string, reason: string): Promise<EngineState> {
    if (!reason.trim()) throw new EngineError('reason-required', `skipping step ${name} needs a reason`);
    this.expectState(
      ['idle', 'failed', 'interrupted', 'awaiting-confirmation', 'awaiting-manual'],
      'skip a step',
    );
    this.expectCurrent(name);
    await this.record({ type: 'step-skipped', step: name, reason: reason.trim(), by: 'operator' });
    this.marks.set(name, 'skipped');
    return this.advance();
  }

  /** Stops the run for good: Ctrl-C to a running step, then run-finished 'aborted'. */
  async abort(reason: string): Promise<EngineState> {
    if (TERMINAL.has(this.stateValue))
      throw new EngineError('invalid-state', `the run is already ${this.stateValue}`);
    if (this.running) {
      this.abortReason = reason;
      this.cancel();
      await this.running?.done;
      // runNext() finishes the abort once the step has ended; wait for its events too.
      await this.queue;
      if (this.stateValue === 'aborted') return this.stateValue;
    }
    this.abortReason = reason;
    return this.finishAborted();
  }

  write(role: ServerRole, data: string): void {
    this.sessions.peek(role)?.write(data);
  }

  resize(role: ServerRole, cols: number, rows: number): void {
    this.sessions.peek(role)?.resize(cols, rows);
    this.sessions.recorder(role).resize?.(cols, rows);
  }

  /** Where a server's transcript ends now, its buffer written out (see TerminalRecorder.checkpoint). */
  transcriptCheckpoint(role: ServerRole): { file: string; bytes: number } | undefined {
    return this.sessions.peekRecorder(role)?.checkpoint?.();
  }

  /** Flow control: stops reading a server's output while its terminal view is behind (see resumeOutput). */
  pauseOutput(role: ServerRole): void {
    this.sessions.peek(role)?.pause();
  }

  resumeOutput(role: ServerRole): void {
    this.sessions.peek(role)?.resume();
  }

  /** Ctrl-C to the running step (it then ends as failed, cancelled). */
  cancel(): void {
    const step = this.running?.step;
    if (step && step.kind === 'shell') this.sessions.peek(step.target)?.cancel();
  }

  /**
   * Ends the run: writes run-finished when nothing did yet (a run stopped before its end is 'failed',
   * 'interrupted' or 'aborted' by its state), then closes the shells.
   */
  async close(reason?: string): Promise<void> {
    if (!this.runFinished) {
      const outcome: RunOutcome =
        this.stateValue === 'failed'
          ? 'failed'
          : this.stateValue === 'interrupted' || this.stateValue === 'awaiting-reconnect'
            ? 'interrupted'
            : 'aborted';
      await this.finishRun(
        outcome,
        reason ?? (outcome === 'aborted' ? RECORDED_REASONS.stoppedBeforeEnd : undefined),
      );
    }
    await this.sessions.closeAll();
  }

  private setupSteps(role: ServerRole): string[] {
    return setupStepsToReplay(this.steps, this.cursor, role, (name) => ({
      status: this.marks.get(name),
      attempts: this.attempts.get(name) ?? 0,
    }));
  }

  private async execute(step: EngineStep): Promise<ExecOutcome> {
    if (step.kind === 'manual') throw new EngineError('invalid-state', `step ${step.name} is manual`);
    const attempt = (this.attempts.get(step.name) ?? 0) + 1;
    this.attempts.set(step.name, attempt);
    this.marks.set(step.name, 'running');
    this.lastError = undefined;
    this.setState('running');
    const ctx = {
      services: this.services,
      sessions: this.sessions,
      record: (b: RunEventBody) => this.record(b),
    };
    const done = step.kind === 'shell' ? execShellStep(ctx, step, attempt) : execFileStep(ctx, step, attempt);
    this.running = { step, done };
    try {
      const outcome = await done;
      this.marks.set(step.name, outcome.status);
      if (outcome.error) this.lastError = { step: step.name, ...outcome.error };
      return outcome;
    } finally {
      this.running = undefined;
    }
  }

  private async advance(): Promise<EngineState> {
    const doneStep = this.steps[this.cursor]?.name;
    this.cursor = this.nextPending(this.cursor + 1);
    if (this.cursor >= this.steps.length) {
      await this.finishRun('succeeded');
      return this.setState('finished');
    }
    if (doneStep !== undefined && doneStep === this.stopAfter) {
      // Not 'succeeded': steps after it did not run. 'aborted' (stopped before the end, on purpose) keeps
      // the run resumable from the next step, and the reason says it was asked for.
      this.stoppedAsAskedValue = true;
      await this.finishRun('aborted', stoppedAfter(doneStep));
      return this.setState('aborted');
    }
    return this.setState('idle');
  }

  private async finishAborted(): Promise<EngineState> {
    await this.finishRun('aborted', this.abortReason);
    return this.setState('aborted');
  }

  private async finishRun(outcome: RunOutcome, reason?: string): Promise<void> {
    if (this.runFinished) return;
    this.runFinished = true;
    await this.record({ type: 'run-finished', outcome, ...(reason ? { reason } : {}) });
    if (outcome === 'succeeded') this.setState('finished');
  }

  private nextPending(from: number): number {
    let index = from;
    while (index < this.steps.length && this.done[this.steps[index]!.name] !== undefined) index++;
    return index;
  }

  /** Notifies on every transition, also idle -> idle: the current step or a step's status may have moved. */
  private setState(state: EngineState): EngineState {
    this.stateValue = state;
    const snapshot = this.snapshot();
    for (const listener of this.stateListeners) listener(snapshot);
    return state;
  }

  private expectState(allowed: EngineState[], action: string): void {
    if (this.running)
      throw new EngineError('busy', `cannot ${action}: step ${this.running.step.name} is running`);
    if (!allowed.includes(this.stateValue))
      throw new EngineError('invalid-state', `cannot ${action} while the run is ${this.stateValue}`);
  }

  private expectCurrent(name: string): void {
    const current = this.steps[this.cursor];
    this.findStep(name);
    if (current?.name !== name)
      throw new EngineError(
        'invalid-state',
        `step ${name} is not the current step (${current?.name ?? 'none'})`,
      );
  }

  private findStep(name: string): EngineStep {
    const step = this.steps.find((s) => s.name === name);
    if (!step) throw new EngineError('unknown-step', `there is no step named ${name}`);
    return step;
  }
}
