import os from 'node:os';
import { knownHostsPath, newRunId, runDir } from '../data-dir';
import type { InventoryStore } from '../inventory/inventory-store';
import type { ServerConfig } from '../inventory/model';
import type { ServerRole } from '../runbook/model';
import { AsciicastRecorder, fileCastSink } from '../run/asciicast';
import { RECORDED_REASONS } from '../contract/recorded-reasons';
import { Journal } from '../run/journal';
import { sealJournal, type SealedJournal } from '../run/sealer';
import { installKeySigner } from '../signing/signer';
import { castPath } from '../run/runner';
import { serverSecrets, textRedactor } from '../run/run-secrets';
import { connectServer, type SshConnection } from '../ssh/connect';
import type { ShellSession } from '../ssh/types';
import type { SecretStore } from '../vault/secret-store';
import { ApiError } from '../contract/names';
import type { AdhocTerminal } from '../contract/types';
import type { EventHub } from './event-hub';
import { TerminalBatcher } from './terminal-batch';
import { holdsInterrupt, TerminalFlow } from './terminal-flow';

export interface AdhocTerminalDeps {
  dataDir: string;
  inventory: InventoryStore;
  secrets: SecretStore;
  hub: EventHub;
  operator: string;
  app: string;
  /** Read-only known_hosts trust sources (the engineer's OpenSSH files); see ConnectOptions. */
  trustedKnownHostsFiles?: readonly string[];
  connect?: typeof connectServer;
}

interface OpenTerminal {
  view: AdhocTerminal;
  connection: SshConnection;
  session: ShellSession;
  journal: SealedJournal;
  closeJournal: () => void;
  recorder: AsciicastRecorder;
  flow: TerminalFlow;
  /** Output held a few ms and pushed in larger messages (terminal-batch.ts). */
  output: TerminalBatcher<ServerRole>;
  closed: boolean;
}

const COLS = 120;
const ROWS = 32;

/**
 * "Ouvrir un terminal" on a server outside any run. It is recorded like a run (a folder under runs/ with a
 * journal and a .cast transcript, output redacted of the servers' secrets) so the history lists it and
 * nothing typed on a production server goes unrecorded. Its id works with the run terminal methods.
 */
export class AdhocTerminals {
  private readonly open = new Map<string, OpenTerminal>();

  constructor(private readonly deps: AdhocTerminalDeps) {}

  has(runId: string): boolean {
    return this.open.has(runId);
  }

  async start(serverId: string): Promise<AdhocTerminal> {
    const server = this.deps.inventory.get(serverId);
    if (!server) throw new ApiError('not-found', `No server with id "${serverId}".`);
    const connection = await (this.deps.connect ?? connectServer)(server, {
      secrets: this.deps.secrets,
      knownHostsPath: knownHostsPath(this.deps.dataDir),
      ...(this.deps.trustedKnownHostsFiles
        ? { trustedKnownHostsFiles: this.deps.trustedKnownHostsFiles }
        : {}),
      onUnknownHostKey: 'reject',
    });
    let session: ShellSession;
    try {
      session = await connection.openShell(COLS, ROWS);
    } catch (error) {
      await connection.close();
      throw error;
    }
    const runId = newRunId(new Date(), `terminal-${server.role}`);
    const dir = runDir(this.deps.dataDir, runId);
    const redactor = textRedactor(await serverSecrets({ [server.role]: server }, this.deps.secrets));
    // Signed like a run (docs/run-records.md); a signer that cannot be made leaves it unsigned, never refused.
    const signer = await installKeySigner(this.deps.secrets, this.deps.dataDir).catch(() => undefined);
    const file = Journal.create(dir, runId, { redact: redactor.redact });
    const journal = sealJournal(file, signer);
    journal.append(this.startedEvent(runId, server));
    journal.append({
      type: 'server-connected',
      role: server.role,
      fingerprint: connection.hostKeyFingerprint,
    });
    const recorder = new AsciicastRecorder(fileCastSink(castPath(dir, server.role)), {
      width: COLS,
      height: ROWS,
      title: `Terminal — ${server.label} — ${runId}`,
    });
    const view: AdhocTerminal = { runId, role: server.role, serverId: server.id, label: server.label };
    const terminal: OpenTerminal = {
      view,
      connection,
      session,
      journal,
      closeJournal: () => file.close(),
      recorder,
      flow: new TerminalFlow({ pause: () => session.pause(), resume: () => session.resume() }),
      output: new TerminalBatcher((role, data) =>
        this.deps.hub.emit('onTerminalData', { runId, role, data, chars: data.length }),
      ),
      closed: false,
    };
    this.open.set(runId, terminal);
    const stream = redactor.stream();
    session.onData((data) => {
      const text = stream.push(data);
      if (text) this.emit(terminal, text);
    });
    session.onClose((reason) => {
      const rest = stream.flush();
      if (rest) this.emit(terminal, rest);
      terminal.output.flush();
      void this.finish(runId, reason);
    });
    return view;
  }

  write(runId: string, data: string): void {
    const terminal = this.require(runId);
    if (holdsInterrupt(data)) terminal.flow.interrupted(); // as in runs.ts
    terminal.session.write(data);
  }

  resize(runId: string, cols: number, rows: number): void {
    const terminal = this.require(runId);
    terminal.session.resize(cols, rows);
    terminal.recorder.resize(cols, rows);
  }

  ack(runId: string, chars: number, attached?: boolean): void {
    const { flow } = this.require(runId);
    if (attached !== undefined) flow.attach(attached);
    flow.acked(chars);
  }

  async close(runId: string): Promise<void> {
    await this.finish(runId, 'closed by the engineer');
  }

  async closeAll(reason: string): Promise<void> {
    await Promise.allSettled([...this.open.keys()].map((id) => this.finish(id, reason)));
  }

  private emit(terminal: OpenTerminal, text: string): void {
    terminal.recorder.output(text);
    terminal.flow.sent(text.length);
    terminal.output.add(terminal.view.role, text);
  }

  private async finish(runId: string, reason: string): Promise<void> {
    const terminal = this.open.get(runId);
    if (!terminal || terminal.closed) return;
    terminal.closed = true;
    this.open.delete(runId);
    try {
      await terminal.session.close();
      await terminal.connection.close();
    } finally {
      terminal.output.flush();
      terminal.recorder.close();
      terminal.journal.append({ type: 'server-disconnected', role: terminal.view.role, reason });
      terminal.journal.append({
        type: 'run-finished',
        outcome: 'succeeded',
        reason: RECORDED_REASONS.adhocClosed,
      });
      terminal.closeJournal();
      await terminal.journal.finish();
    }
  }

  private require(runId: string): OpenTerminal {
    const terminal = this.open.get(runId);
    if (!terminal) throw new ApiError('not-found', `Terminal "${runId}" is not open.`);
    return terminal;
  }

  private startedEvent(runId: string, server: ServerConfig) {
    const role: ServerRole = server.role;
    return {
      type: 'run-started' as const,
      runId,
      runbookId: 'terminal',
      runbookTitle: `Terminal ad hoc — ${server.label}`,
      runbookFile: '',
      runbookHash: '',
      operator: this.deps.operator,
      host: os.hostname(),
      app: this.deps.app,
      servers: [
        { role, id: server.id, label: server.label, host: server.host, port: server.port, user: server.user },
      ],
      variables: {},
      steps: [],
    };
  }
}
