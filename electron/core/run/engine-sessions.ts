import type { ServerRole } from '../runbook/model';
import type { ShellSession } from '../ssh/types';
import type { RunEventBody } from './events';
import type { EngineServices, TerminalRecorder } from './engine-types';

/**
 * The run's shells, one per server, opened on first use. Every byte a shell prints is redacted once here,
 * then goes to the server's transcript and to the terminal listeners: one path, so the screen and the .cast
 * file can never disagree. (A step's own output, for its step-finished event, comes from the session's
 * onOutput, between the step's markers: see engine-exec.ts.)
 */
export class EngineSessions {
  private readonly open = new Map<ServerRole, ShellSession>();
  private readonly opening = new Map<ServerRole, Promise<ShellSession>>();
  private readonly recorders = new Map<ServerRole, TerminalRecorder>();
  private readonly streams = new Map<ServerRole, { push(chunk: string): string; flush(): string }>();
  private closing = false;

  constructor(
    private readonly services: EngineServices,
    private readonly record: (body: RunEventBody) => Promise<void>,
    private readonly emitData: (role: ServerRole, data: string) => void,
    /** Told when an open shell drops (not when the run closes it): its state (cwd, exports) is gone. */
    private readonly onLost: (role: ServerRole, reason: string) => void = () => undefined,
  ) {}

  /** The open shell of a server, connecting first when there is none (or the last one dropped). */
  get(role: ServerRole): Promise<ShellSession> {
    const existing = this.open.get(role);
    if (existing) return Promise.resolve(existing);
    let pending = this.opening.get(role);
    if (!pending) {
      pending = this.connect(role).finally(() => this.opening.delete(role));
      this.opening.set(role, pending);
    }
    return pending;
  }

  peek(role: ServerRole): ShellSession | undefined {
    return this.open.get(role);
  }

  /** The server's transcript recorder if it has one yet (a terminal nothing ran in has no transcript). */
  peekRecorder(role: ServerRole): TerminalRecorder | undefined {
    return this.recorders.get(role);
  }

  recorder(role: ServerRole): TerminalRecorder {
    let recorder = this.recorders.get(role);
    if (!recorder) {
      recorder = this.services.recorderFor(role);
      this.recorders.set(role, recorder);
    }
    return recorder;
  }

  /**
   * Emits what the stream redactor still holds back (the end of a step's output that could have been
   * the start of a secret): called when a step ends, so its display is complete.
   */
  flush(role: ServerRole): void {
    const rest = this.streams.get(role)?.flush();
    if (rest) this.deliver(role, rest);
  }

  async closeAll(): Promise<void> {
    this.closing = true;
    const sessions = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(sessions.map((s) => s.close()));
  }

  private deliver(role: ServerRole, text: string): void {
    this.recorder(role).output(text);
    this.emitData(role, text);
  }

  private async connect(role: ServerRole): Promise<ShellSession> {
    const opened = await this.services.openSession(role);
    const { session } = opened;
    if (opened.acceptedHostKey) {
      await this.record({ type: 'host-key-accepted', role, ...opened.acceptedHostKey });
    }
    await this.record({ type: 'server-connected', role, fingerprint: opened.fingerprint });
    const stream = this.services.redactor.stream();
    this.streams.set(role, stream);
    session.onData((data) => {
      const text = stream.push(data);
      if (text) this.deliver(role, text);
    });
    session.onClose((reason) => {
      if (this.open.get(role) !== session) return;
      this.open.delete(role);
      // A failed journal write surfaces on the next step's own append; never as an unhandled rejection.
      if (this.closing) return;
      this.onLost(role, reason);
      this.record({ type: 'server-disconnected', role, reason }).catch(() => undefined);
    });
    this.open.set(role, session);
    return session;
  }
}
