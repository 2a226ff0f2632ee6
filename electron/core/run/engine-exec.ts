import { isSensitiveFile, maskDiff } from './diff-mask';
import type { RunEventBody } from './events';
import type { EngineFileStep, EngineServices, EngineShellStep } from './engine-types';
import type { EngineSessions } from './engine-sessions';
import { OutputTail } from './output-tail';
import { RECORDED_REASONS } from '../contract/recorded-reasons';
import { stepEcho } from './step-echo';
import { SshError } from '../ssh/types';

/** How one execution of a step ended, as the state machine needs it. */
export interface ExecOutcome {
  status: 'succeeded' | 'skipped' | 'failed' | 'interrupted';
  /** Why the step could not run at all (not set for a plain non-zero exit). */
  error?: { message: string; code?: string; details?: Record<string, string> };
}

interface ExecContext {
  services: EngineServices;
  sessions: EngineSessions;
  record(body: RunEventBody): Promise<void>;
}

function describeError(error: unknown): {
  message: string;
  code?: string;
  details?: Record<string, string>;
  disconnected: boolean;
} {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof SshError)) return { message, disconnected: false };
  // The details name what is missing (a keychain entry's account, never a secret): the run page asks for it.
  return { message, code: error.code, details: error.details, disconnected: error.code === 'disconnected' };
}

/** Records the end of a step that could not run (no connection, install error): never throws. */
async function finishWithError(
  ctx: ExecContext,
  step: string,
  error: unknown,
  startedAt: number,
): Promise<ExecOutcome> {
  const { message, code, details, disconnected } = describeError(error);
  const status = disconnected ? 'interrupted' : 'failed';
  const safe = ctx.services.redactor.redact(message);
  await ctx.record({
    type: 'step-finished',
    step,
    status,
    exitCode: null,
    durationMs: ctx.services.clock.now() - startedAt,
    output: safe,
  });
  return { status, error: { message: safe, code, ...(details ? { details } : {}) } };
}

/** Journals a step's start; returns when it started (the duration of a step that could not run counts from it). */
async function recordStart(
  ctx: ExecContext,
  step: EngineShellStep | EngineFileStep,
  attempt: number,
): Promise<number> {
  const startedAt = ctx.services.clock.now();
  await ctx.record({
    type: 'step-started',
    step: step.name,
    target: step.target,
    command: step.display,
    attempt,
  });
  return startedAt;
}

/**
 * Runs a shell step in its server's session: `unless` first (its output is recorded and shown but not part
 * of the step's output), then the command. The step succeeds when its exit code is one it expects.
 */
export async function execShellStep(
  ctx: ExecContext,
  step: EngineShellStep,
  attempt: number,
): Promise<ExecOutcome> {
  const { services, sessions } = ctx;
  const startedAt = await recordStart(ctx, step, attempt);
  let session;
  try {
    session = await sessions.get(step.target);
  } catch (error) {
    return finishWithError(ctx, step.name, error, startedAt);
  }
  sessions.recorder(step.target).marker(step.name);
  try {
    const rendered = step.render();
    if (rendered.unless !== undefined) {
      const check = await session.runStep(rendered.unless, {
        timeoutMs: step.timeoutMs,
        title: stepEcho(`${step.name} (unless)`, step.displayUnless ?? ''),
      });
      sessions.flush(step.target);
      if (check.disconnected)
        throw new SshError('disconnected', 'the connection dropped during the unless check');
      if (check.exitCode === 0) {
        await ctx.record({
          type: 'step-skipped',
          step: step.name,
          reason: RECORDED_REASONS.unlessDone,
          by: 'unless',
        });
        return { status: 'skipped' };
      }
    }
    // The step's output is what the shell printed between its start and end markers, redacted on its own
    // stream: the display stream around it also carries the title line and the prompts.
    const tail = new OutputTail();
    const redact = services.redactor.stream();
    const result = await session.runStep(rendered.command, {
      timeoutMs: step.timeoutMs,
      title: stepEcho(step.name, step.display),
      onOutput: (data) => tail.push(redact.push(data)),
    });
    tail.push(redact.flush());
    sessions.flush(step.target);
    const accepted =
      !result.timedOut &&
      !result.cancelled &&
      result.exitCode !== null &&
      step.expect.includes(result.exitCode);
    const status = result.disconnected ? 'interrupted' : accepted ? 'succeeded' : 'failed';
    await ctx.record({
      type: 'step-finished',
      step: step.name,
      status,
      exitCode: result.exitCode,
      durationMs: result.durationMs,
      output: tail.toString(),
      ...(result.timedOut ? { timedOut: true } : {}),
      ...(result.cancelled ? { cancelled: true } : {}),
    });
    return { status };
  } catch (error) {
    return finishWithError(ctx, step.name, error, startedAt);
  }
}

/** Installs a file step's content, journals the (redacted) diff, then the step's end. */
export async function execFileStep(
  ctx: ExecContext,
  step: EngineFileStep,
  attempt: number,
): Promise<ExecOutcome> {
  const { services, sessions } = ctx;
  const startedAt = await recordStart(ctx, step, attempt);
  try {
    // Connect through the session set first, so that the connection is journaled like any other.
    await sessions.get(step.target);
    sessions.recorder(step.target).marker(step.name);
    const request = step.render();
    const result = await services.installFile(step.target, request);
    const redacted = services.redactor.redact(result.diff);
    const diff = isSensitiveFile({ ...request, sensitive: step.sensitive }) ? maskDiff(redacted) : redacted;
    await ctx.record({
      type: 'file-diff',
      step: step.name,
      path: step.display,
      diff,
      existed: result.existed,
      changed: result.changed,
    });
    const output = new OutputTail();
    output.push(result.changed ? diff : `${step.display}: unchanged\n`);
    await ctx.record({
      type: 'step-finished',
      step: step.name,
      status: 'succeeded',
      exitCode: 0,
      durationMs: services.clock.now() - startedAt,
      output: output.toString(),
    });
    return { status: 'succeeded' };
  } catch (error) {
    return finishWithError(ctx, step.name, error, startedAt);
  }
}
