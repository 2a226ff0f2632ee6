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
 *   closing   close() typed `exit`: its echo and the logout message are hidden, no step may start
 *   closed    the channel is gone
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
  interrupted: boolean;
  title?: string;
  onOutput?: (data: string) => void;
  timers: NodeJS.Timeout[];
  resolve: (result: StepResult) => void;
}

const CTRL_C = '\x03';
const CTRL_U = '\x15'; // clears whatever the engineer left half-typed at the prompt before we type a step
/** Typed by close(): our `exit` wrapper (shell-setup.ts) drops the ERR trap; the space keeps it out of history. */
const EXIT_LINE = ' exit\r';
/** How long close() waits for the shell to exit before it closes the channel itself. */
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
  private closedPromise: Promise<void>;

  constructor(
    readonly server: ServerConfig,
    private readonly channel: ClientChannel,
    private readonly options: ShellSessionOptions,
  ) {
    let onClosed: () => void = () => {};
    this.closedPromise = new Promise((resolve) => (onClosed = resolve));
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
    channel.on('close', () => {
      this.handleClosed();
      onClosed();
    });
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
        timers: [],
        resolve,
      };
      this.step = step;
      this.phase = 'invoking';
      if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
        step.timers.push(
          setTimeout(() => {
            step.timedOut = true;
            this.interrupt(step);
          }, options.timeoutMs),
        );
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
      this.interrupt(this.step);
    } else {
      this.write(CTRL_C);
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
   * shell ignores the channel's EOF (channel.end()), which left only a timer. A running step is cancelled
   * first (Ctrl-C) and `exit` is typed once its prompt is back (finishStep): typed at once, it would be
   * discarded with the terminal's input queue when the Ctrl-C is delivered. If the shell has not exited
   * after CLOSE_FALLBACK_MS (a program that ignores Ctrl-C, "There are stopped jobs"), the channel is
   * closed from our side.
   */
  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    if (this.phase !== 'closing') {
      const running = this.step;
      // A command still running (a step, or one that outlived its step) gets Ctrl-C, not `exit` as input.
      const busy = running !== undefined || this.phase === 'stuck';
      this.phase = 'closing';
      if (busy) {
        if (running) running.cancelled = true;
        this.channel.write(CTRL_C);
      } else {
        this.channel.write(CTRL_U + EXIT_LINE);
      }
    }
    const forced = setTimeout(() => this.channel.close(), CLOSE_FALLBACK_MS);
    await this.closedPromise;
    clearTimeout(forced);
  }

  private interrupt(step: RunningStep): void {
    this.channel.write(CTRL_C);
    if (step.interrupted) return;
    step.interrupted = true;
    // One Ctrl-C is not always enough, so press it again as a human would: a program may handle the first
    // one itself, and a Ctrl-C that lands while bash is starting the next command (before that command owns
    // the terminal) reaches bash, which then waits for the command to finish on its own (a `sleep 60` ran
    // its full minute that way, and the next step queued up behind it).
    step.timers.push(setInterval(() => this.channel.write(CTRL_C), INTERRUPT_REPEAT_MS));
    // If no prompt comes back (a program that ignores SIGINT), report the step as ended with no exit code
    // rather than hanging the run; the engineer still has the terminal to sort it out, and no step starts
    // until the prompt is back (phase stuck).
    step.timers.push(
      setTimeout(() => {
        this.finishStep(null);
        if (this.phase === 'idle') this.phase = 'stuck';
      }, this.options.interruptGraceMs ?? 10_000),
    );
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
        if (this.phase === 'stuck') {
          this.phase = 'idle'; // the command that outlived its step is over
          break;
        }
        if (this.phase === 'closing' && !this.step) {
          this.channel.write(CTRL_U + EXIT_LINE); // close() pressed Ctrl-C on such a command: now exit
          break;
        }
        // A prompt before our step started is left over from earlier typing, unless we interrupted the
        // invocation itself (Ctrl-C before bash ran it).
        if (
          this.phase === 'running' ||
          (this.phase === 'invoking' && this.step?.interrupted) ||
          this.phase === 'closing' // the step close() cancelled is over: finishStep types `exit`
        ) {
          this.finishStep(marker.exitCode);
        }
        break;
    }
  }

  /** The invocation line is hidden, so start the step's output on its own line (after the prompt). */
  private emitStepHeader(): void {
    // eslint-disable-next-line no-control-regex -- a title must not smuggle escape sequences into the terminal
    const title = this.step?.title?.replace(/[\x00-\x1f\x7f]/g, ' ').trim();
    if (title) this.emitData(`\x1b[2m# ${title}\x1b[0m\r\n`);
    else if (!this.lastVisible.endsWith('\n')) this.emitData('\r\n');
  }

  private finishStep(exitCode: number | null, disconnected = false): void {
    const step = this.step;
    if (!step) return;
    this.step = undefined;
    for (const timer of step.timers) clearTimeout(timer); // intervals included: Node shares the id space
    if (this.phase === 'closing') this.channel.write(CTRL_U + EXIT_LINE);
    else if (this.phase !== 'closed') this.phase = 'idle';
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
    const rest = this.decoder.end() + this.parser.flush();
    if (wasRunning && rest) this.step?.onOutput?.(rest);
    if (wasVisible && rest) this.emitData(rest);
    this.finishStep(null, true);
    const reason =
      this.options.closeReason?.() ??
      `The connection to ${this.server.label} (${this.server.host}) was closed.`;
    for (const listener of this.closeListeners) listener(reason);
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
