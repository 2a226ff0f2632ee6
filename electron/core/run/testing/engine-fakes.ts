/**
 * In-memory fakes of the engine's services, for unit tests only (integration tests use the real lab).
 */
import type { ServerConfig } from '../../inventory/model';
import type { ServerRole } from '../../runbook/model';
import type {
  FileInstallRequest,
  FileInstallResult,
  RunStepOptions,
  ShellSession,
  StepResult,
} from '../../ssh/types';
import type { RunEvent, RunEventBody } from '../events';
import type { EngineServices, TerminalRecorder } from '../engine-types';
import { Redactor, redactText } from '../redactor';

/** What the fake shell does for one script: print `output`, then end with the exit code. */
export interface FakeReply {
  /** The step's output; several strings arrive as separate chunks (as a PTY may split them). */
  output?: string | string[];
  /** Display-only text after the step's output (the next prompt): on onData, never on onOutput. */
  prompt?: string;
  exitCode?: number;
  /** Never ends by itself: only cancel() (exit 130) or drop() ends it. */
  hang?: boolean;
  /** The connection drops during the step. */
  drop?: boolean;
}

export class FakeShell implements ShellSession {
  readonly scripts: string[] = [];
  readonly written: string[] = [];
  /** Flow-control calls, in order: 'pause' | 'resume'. */
  readonly flow: string[] = [];
  closed = false;
  private dataListeners = new Set<(data: string) => void>();
  private closeListeners = new Set<(reason: string) => void>();
  private hanging?: (result: StepResult) => void;

  constructor(
    readonly server: ServerConfig,
    private readonly reply: (script: string) => FakeReply,
  ) {}

  onData(listener: (data: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async runStep(script: string, options: RunStepOptions = {}): Promise<StepResult> {
    this.scripts.push(script);
    const reply = this.reply(script);
    for (const chunk of typeof reply.output === 'string' ? [reply.output] : (reply.output ?? [])) {
      options.onOutput?.(chunk);
      this.dataListeners.forEach((l) => l(chunk));
    }
    if (reply.prompt) this.dataListeners.forEach((l) => l(reply.prompt!));
    const base = { durationMs: 5, timedOut: false, cancelled: false, disconnected: false };
    if (reply.drop) {
      this.drop('connection reset');
      return { ...base, exitCode: null, disconnected: true };
    }
    if (reply.hang) return new Promise((resolve) => (this.hanging = resolve));
    return { ...base, exitCode: reply.exitCode ?? 0 };
  }

  write(data: string): void {
    this.written.push(data);
  }

  resize(): void {}

  cancel(): void {
    this.hanging?.({ exitCode: 130, durationMs: 5, timedOut: false, cancelled: true, disconnected: false });
    this.hanging = undefined;
  }

  pause(): void {
    this.flow.push('pause');
  }

  resume(): void {
    this.flow.push('resume');
  }

  drop(reason: string): void {
    this.closeListeners.forEach((l) => l(reason));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export class FakeJournal {
  readonly events: RunEvent[] = [];
  append(body: RunEventBody): RunEvent {
    const event = {
      ...body,
      seq: this.events.length,
      ts: new Date(0).toISOString(),
      prev: 'sha256:x',
    } as RunEvent;
    this.events.push(event);
    return event;
  }
  types(): string[] {
    return this.events.map((e) => e.type);
  }
}

export class FakeRecorder implements TerminalRecorder {
  text = '';
  markers: string[] = [];
  output(data: string): void {
    this.text += data;
  }
  marker(label: string): void {
    this.markers.push(label);
  }
}

export function fakeServer(role: ServerRole): ServerConfig {
  return { id: role, role, label: role, host: '127.0.0.1', port: 22, user: 'ops', auth: { method: 'agent' } };
}

export interface FakeWorld {
  services: EngineServices;
  journal: FakeJournal;
  shells: Map<ServerRole, FakeShell>;
  recorders: Map<ServerRole, FakeRecorder>;
  installs: FileInstallRequest[];
  opened: ServerRole[];
}

/** Services around fake shells; `reply` decides each script's outcome (default: exit 0, no output). */
export function fakeWorld(
  options: { reply?: (script: string) => FakeReply; secrets?: string[]; failConnect?: Error } = {},
): FakeWorld {
  const journal = new FakeJournal();
  const shells = new Map<ServerRole, FakeShell>();
  const recorders = new Map<ServerRole, FakeRecorder>();
  const installs: FileInstallRequest[] = [];
  const opened: ServerRole[] = [];
  const secrets = options.secrets ?? [];
  let now = 1000;
  const services: EngineServices = {
    journal,
    async openSession(role) {
      if (options.failConnect) throw options.failConnect;
      opened.push(role);
      const shell = new FakeShell(fakeServer(role), options.reply ?? (() => ({})));
      shells.set(role, shell);
      return { session: shell, fingerprint: `SHA256:${role}` };
    },
    async installFile(_role, request): Promise<FileInstallResult> {
      installs.push(request);
      return { diff: `+${request.content}`, existed: false, changed: true };
    },
    recorderFor(role) {
      const recorder = new FakeRecorder();
      recorders.set(role, recorder);
      return recorder;
    },
    redactor: { redact: (text) => redactText(text, secrets), stream: () => new Redactor(secrets) },
    clock: { now: () => (now += 10) },
    operator: 'alice@laptop',
  };
  return { services, journal, shells, recorders, installs, opened };
}
