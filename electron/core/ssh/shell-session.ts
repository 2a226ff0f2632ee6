import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import type { ServerConfig } from '../inventory/model';
import { MarkerParser, type Marker } from './markers';
import { shellSetupLine, stepInvocationLine } from './shell-setup';
import { SshError, type RunStepOptions, type ShellSession, type StepResult } from './types';

/**
 * The persistent PTY shell of one server (see shell-setup.ts for the bash side of the protocol).
 *
 * Display phases:
 *   starting  everything hidden (motd, echo of the setup line) until the ready marker
 *   idle      everything shown: the prompt, whatever the engineer types and its output
 *   invoking  a step was sent: its echoed invocation line is hidden until the step-start marker (a prompt
 *             still arriving from the previous step, between the A and B markers, is shown)
 *   running   the step's output is shown; the prompt marker with our nonce ends the step
 *   stuck     an interrupted step's command ignored Ctrl-C past the grace period: the step was reported
 *             ended (no exit code), but the command may still run, so no step may start (its invocation
 *             would be typed into that command's input) until the prompt comes back; output is shown
 *   closing   close() was called: a busy command is interrupted first, then `exit` is typed at the prompt;
 *             output, the echo of `exit` and the logout message are hidden, no step may start
 *   closed    the channel is gone
 *
 * Interrupts: cancel(), a step's timeout and close() all stop the command that has the terminal the same way
 * (interruptForeground): Ctrl-C at once, again every INTERRUPT_REPEAT_MS until a prompt comes back, and a
 * give-up after the grace period.
 */
type Phase = 'starting' | 'idle' | 'invoking' | 'running' | 'stuck' | 'closing' | 'closed';

export interface ShellSessionOptions {
  /** How long the shell may take to run the setup line (login scripts included). Default 20 s. */
  readyTimeoutMs?: number;
  /** After Ctrl-C (timeout or cancel), how long to wait for the prompt before giving up. Default 10 s. */
  interruptGraceMs?: number;
  /** Describes why the channel closed, for onClose listeners (the connection knows more than the channel). */
  closeReason?: () => string | undefined;
}

interface RunningStep {
  startedAt: number;
  timedOut: boolean;
  cancelled: boolean;
  /** Ctrl-C was pressed for this step (a prompt before its start marker then ends it). */
  interrupted: boolean;
  title?: string;
  onOutput?: (data: string) => void;
  timeout?: NodeJS.Timeout;
  resolve: (result: StepResult) => void;
}

/** An interrupt in progress: the repeated Ctrl-C and the grace period's end. */
interface Interrupt {
  repeat: NodeJS.Timeout;
  giveUp: NodeJS.Timeout;
}

const CTRL_C = '\x03';
const CTRL_U = '\x15'; // clears whatever the engineer left half-typed at the prompt before we type a step
/** Typed by close(): our `exit` wrapper (shell-setup.ts) drops the ERR trap; the space keeps it out of history. */
const EXIT_LINE = ' exit\r';
/**
 * How long close() waits for the shell to exit after `exit` before it closes the channel itself, and then for
 * the server to confirm that close before it stops waiting.
 */
const CLOSE_FALLBACK_MS = 2_000;
/** While an interrupted step has not given its prompt back, Ctrl-C is pressed again this often. */
const INTERRUPT_REPEAT_MS = 1_500;

/** Opens the session on an already-open PTY channel and resolves once the shell is ready for steps. */
export function startShellSession(
  server: ServerConfig,
  channel: ClientChannel,
  options: ShellSessionOptions = {},
): Promise<ShellSession> {
  const session = new PtyShellSession(server, channel, options);
  return session.ready.then(() => session);
}

class PtyShellSession implements ShellSession {
  readonly ready: Promise<void>;
  private phase: Phase = 'starting';
  private readonly nonce = randomBytes(12).toString('hex');
  private readonly parser = new MarkerParser(this.nonce);
  private readonly decoder = new StringDecoder('utf8');
  private readonly dataListeners = new Set<(data: string) => void>();
  private readonly closeListeners = new Set<(reason: string) => void>();
  private step: RunningStep | undefined;
  private lastVisible = '\n';
  /** Between the A and B markers: the prompt, shown even while an invocation is hidden. */
  private inPrompt = false;
  private markReady: (() => void) | undefined;
  private readonly closedPromise: Promise<void>;
  private resolveClosed: () => void = () => {};
  private interrupting: Interrupt | undefined;
  /** Armed when `exit` is typed: hangs up if the shell does not exit. */
  private exitFallback: NodeJS.Timeout | undefined;
  /** Armed when we close the channel: stops waiting for a server that does not confirm it. */
  private hangUpDeadline: NodeJS.Timeout | undefined;

  constructor(
    readonly server: ServerConfig,
    private readonly channel: ClientChannel,
    private readonly options: ShellSessionOptions,
  ) {
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new SshError(
            'connect-timeout',
            `The shell on ${server.label} (${server.host}) did not get ready within ` +
              `${Math.round((options.readyTimeoutMs ?? 20_000) / 1000)} s. Its login shell must be bash.`,
          ),
        );
        channel.close();
      }, options.readyTimeoutMs ?? 20_000);
      this.markReady = () => {
        clearTimeout(timer);
        resolve();
      };
      channel.once('close', () => {
        clearTimeout(timer);
        reject(
          new SshError(
            'disconnected',
            `The shell on ${server.label} (${server.host}) closed while starting.`,
          ),
        );
      });
    });
    this.ready.catch(() => {}); // the caller gets the rejection through startShellSession

    channel.on('data', (chunk: Buffer) => this.handleOutput(this.decoder.write(chunk)));
    channel.stderr?.on('data', (chunk: Buffer) => this.handleOutput(this.decoder.write(chunk)));
    channel.on('close', () => this.handleClosed());
    channel.write(shellSetupLine(this.nonce));
  }

  onData(listener: (data: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  runStep(script: string, options: RunStepOptions = {}): Promise<StepResult> {
    if (this.phase === 'closed' || this.phase === 'closing') {
      return Promise.resolve(result(Date.now(), { exitCode: null, disconnected: true }));
    }
    if (this.phase === 'stuck') {
      return Promise.reject(
        new Error(
          `The previous command on ${this.server.label} did not stop on Ctrl-C and is still running: ` +
            'stop it in the terminal, then run the step again.',
        ),
      );
    }
    if (this.phase !== 'idle') {
      return Promise.reject(new Error(`A step is already running on ${this.server.label}.`));
    }
    return new Promise<StepResult>((resolve) => {
      const step: RunningStep = {
        startedAt: Date.now(),
        timedOut: false,
        cancelled: false,
        interrupted: false,
        title: options.title,
        onOutput: options.onOutput,
        resolve,
      };
      this.step = step;
      this.phase = 'invoking';
      if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
        step.timeout = setTimeout(() => {
          step.timedOut = true;
          step.interrupted = true;
          this.interruptForeground();
        }, options.timeoutMs);
      }
      this.channel.write(CTRL_U + stepInvocationLine(script));
    });
  }

  write(data: string): void {
    if (this.phase !== 'closed' && this.phase !== 'closing') this.channel.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.phase !== 'closed' && this.phase !== 'closing') this.channel.setWindow(rows, cols, 0, 0);
  }

  cancel(): void {
    if (this.step) {
      this.step.cancelled = true;
      this.step.interrupted = true;
      this.interruptForeground();
    } else {
      this.write(CTRL_C); // nothing of ours runs: one Ctrl-C, as the engineer would press it at the prompt
    }
  }

  pause(): void {
    this.channel.pause();
  }

  resume(): void {
    this.channel.resume();
  }

  /**
   * Ends the shell the way a human would, so that the channel closes as soon as bash has exited: a PTY
   * shell ignores the channel's EOF (channel.end()), which left only a timer. A busy shell (a running step,
   * or a command that outlived its step) is interrupted first, by the same mechanism as cancel(), and `exit`
   * is typed once its prompt is back: typed at once, it would be discarded with the terminal's input queue
   * when the Ctrl-C is delivered, and a single Ctrl-C is lost when it lands while bash starts a command. A
   * command that ignores Ctrl-C past the grace period is hung up on (the channel is closed from our side),
   * as is a shell that has not exited CLOSE_FALLBACK_MS after `exit` ("There are stopped jobs").
   */
  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    if (this.phase !== 'closing') {
      const running = this.step;
      const busy = running !== undefined || this.phase === 'stuck';
      this.phase = 'closing';
      if (running) {
        running.cancelled = true;
        running.interrupted = true;
      }
      if (busy) this.interruptForeground();
      else this.typeExit();
    }
    await this.closedPromise;
  }

  /**
   * Stops the command that has the terminal: Ctrl-C now and every INTERRUPT_REPEAT_MS until a prompt comes
   * back (handleMarker ends the interrupt). One Ctrl-C is not always enough, so it is pressed again as a human
   * would: a program may handle the first one itself, and a Ctrl-C that lands while bash is starting a command
   * (before that command owns the terminal) reaches bash, which then waits for the command to finish on its
   * own (a `sleep 60` ran its full minute that way). Past the grace period (a program that ignores SIGINT),
   * giveUpInterrupt decides. Pressed again while an interrupt is in progress: one more Ctrl-C, same deadline.
   */
  private interruptForeground(): void {
    this.channel.write(CTRL_C);
    if (this.interrupting) return;
    this.interrupting = {
      repeat: setInterval(() => this.channel.write(CTRL_C), INTERRUPT_REPEAT_MS),
      giveUp: setTimeout(() => this.giveUpInterrupt(), this.options.interruptGraceMs ?? 10_000),
    };
  }

  private stopInterrupting(): void {
    if (!this.interrupting) return;
    clearInterval(this.interrupting.repeat);
    clearTimeout(this.interrupting.giveUp);
    this.interrupting = undefined;
  }

  /**
   * The command ignored Ctrl-C for the whole grace period. Closing: hang up (typing `exit` would feed it to
   * that command). Otherwise the step is reported ended with no exit code rather than hanging the run; the
   * engineer still has the terminal to sort it out, and no step starts until the prompt is back (stuck).
   */
  private giveUpInterrupt(): void {
    this.stopInterrupting();
    if (this.phase === 'closing') {
      this.hangUp();
      return;
    }
    this.finishStep(null);
    if (this.phase === 'idle') this.phase = 'stuck';
  }

  private typeExit(): void {
    this.channel.write(CTRL_U + EXIT_LINE);
    this.exitFallback ??= setTimeout(() => this.hangUp(), CLOSE_FALLBACK_MS);
  }

  /**
   * Closes the channel from our side. sshd confirms that only once the session's processes are gone, and a
   * shell that traps SIGHUP keeps a command that ignores it alive: then we stop waiting, so close() always
   * ends (closing the connection, which the caller does next, ends those processes).
   */
  private hangUp(): void {
    this.channel.close();
    this.hangUpDeadline ??= setTimeout(() => this.handleClosed(), CLOSE_FALLBACK_MS);
  }

  private handleOutput(text: string): void {
    if (!text) return;
    for (const part of this.parser.push(text)) {
      if (part.type === 'text') {
        if (
          this.phase === 'idle' ||
          this.phase === 'running' ||
          this.phase === 'stuck' ||
          (this.phase === 'invoking' && this.inPrompt)
        ) {
          // Only text between the step's C and D markers is its output: the prompt that follows D in the
          // same chunk is display only (the step is already finished, phase idle, by then).
          if (this.phase === 'running') this.step?.onOutput?.(part.data);
          this.emitData(part.data);
        }
      } else {
        this.handleMarker(part.marker);
      }
    }
  }

  private handleMarker(marker: Marker): void {
    switch (marker.kind) {
      case 'ready':
        if (this.phase === 'starting') {
          this.phase = 'idle';
          this.markReady?.();
        }
        break;
      case 'prompt-start':
        this.inPrompt = true;
        break;
      case 'prompt-end':
        this.inPrompt = false;
        break;
      case 'step-start':
        if (this.phase === 'invoking') {
          this.phase = 'running';
          this.emitStepHeader();
        }
        break;
      case 'prompt':
        // A prompt means no command has the terminal any more: an interrupt in progress is over.
        this.stopInterrupting();
        if (this.phase === 'stuck') {
          this.phase = 'idle'; // the command that outlived its step is over
          break;
        }
        // A prompt before our step started is left over from earlier typing, unless we interrupted the
        // invocation itself (Ctrl-C before bash ran it).
        if (
          this.phase === 'running' ||
          (this.phase === 'invoking' && this.step?.interrupted) ||
          this.phase === 'closing' // the step close() interrupted is over
        ) {
          this.finishStep(marker.exitCode);
        }
        if (this.phase === 'closing') this.typeExit(); // the shell is at its prompt: now exit
        break;
    }
  }

  /** The invocation line is hidden, so start the step's output on its own line (after the prompt). */
  private emitStepHeader(): void {
    const lines = (this.step?.title ?? '')
      .split('\n')
      // eslint-disable-next-line no-control-regex -- a title must not smuggle escape sequences into the terminal
      .map((line) => line.replace(/[\x00-\x1f\x7f]/g, ' ').trimEnd())
      .filter(Boolean);
    // After the prompt, as if typed: one dimmed line each.
    if (lines.length > 0) this.emitData(lines.map((line) => `\x1b[2m${line}\x1b[0m\r\n`).join(''));
    else if (!this.lastVisible.endsWith('\n')) this.emitData('\r\n');
  }

  private finishStep(exitCode: number | null, disconnected = false): void {
    const step = this.step;
    if (!step) return;
    this.step = undefined;
    clearTimeout(step.timeout);
    if (this.phase !== 'closed' && this.phase !== 'closing') this.phase = 'idle';
    step.resolve(
      result(step.startedAt, {
        exitCode,
        timedOut: step.timedOut,
        cancelled: step.cancelled,
        disconnected,
      }),
    );
  }

  private handleClosed(): void {
    if (this.phase === 'closed') return;
    const wasVisible = this.phase === 'idle' || this.phase === 'running' || this.phase === 'stuck';
    const wasRunning = this.phase === 'running';
    this.phase = 'closed';
    this.stopInterrupting();
    clearTimeout(this.exitFallback);
    clearTimeout(this.hangUpDeadline);
    const rest = this.decoder.end() + this.parser.flush();
    if (wasRunning && rest) this.step?.onOutput?.(rest);
    if (wasVisible && rest) this.emitData(rest);
    this.finishStep(null, true);
    const reason =
      this.options.closeReason?.() ??
      `The connection to ${this.server.label} (${this.server.host}) was closed.`;
    for (const listener of this.closeListeners) listener(reason);
    this.resolveClosed();
  }

  private emitData(data: string): void {
    if (!data) return;
    this.lastVisible = data;
    for (const listener of this.dataListeners) listener(data);
  }
}

function result(startedAt: number, fields: Partial<StepResult> & Pick<StepResult, 'exitCode'>): StepResult {
  return {
    durationMs: Date.now() - startedAt,
    timedOut: false,
    cancelled: false,
    disconnected: false,
    ...fields,
  };
}
