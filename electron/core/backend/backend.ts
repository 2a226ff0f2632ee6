import os from 'node:os';
import { allowedSignersPath, knownHostsPath } from '../data-dir';
import { installPublicKey, RUN_SEAL_NAMESPACE } from '../signing/signer';
import { openSshKnownHostsFiles } from '../ssh/openssh-known-hosts';
import { InventoryStore } from '../inventory/inventory-store';
import type { PreparedRun, RunnerOptions } from '../run/runner';
import type { SecretStore } from '../vault/secret-store';
import type { RunbookApi, RunbookEvents } from '../contract/api';
import { ApiError, EVENT_NAMES } from '../contract/names';
import type { AppInfo } from '../contract/types';
import { RunbookCatalog } from './catalog';
import { EventHub } from './event-hub';
import { AdhocTerminals } from './adhoc-terminals';
import { RunInputs } from './run-inputs';
import { RunService } from './runs';
import { ServerService, type Connect } from './servers';
import { SettingsStore } from './settings-store';
import { defaultSshConfigPath, importSshConfig } from './ssh-config-import';

export interface BackendOptions {
  dataDir: string;
  runbooksDir: string;
  secrets: SecretStore;
  mode: AppInfo['mode'];
  name?: string;
  version: string;
  /** Electron only: prints the runbook page to PDF and saves it where the engineer says. */
  printRunbookPdf?: (runbook: { id: string; title: string }) => Promise<{ path: string | null }>;
  /** Electron only: the system's file picker, for a key file (a browser page cannot learn a file's path). */
  chooseKeyFile?: () => Promise<{ path: string | null }>;
  /** Fakes for unit tests; the real SSH layer and runner otherwise. */
  connect?: Connect;
  prepareRun?: (options: RunnerOptions) => Promise<PreparedRun>;
  operator?: string;
  /** The ssh_config importSshConfig reads; ~/.ssh/config by default (a temp file in tests). */
  sshConfigPath?: string;
  /**
   * known_hosts files trusted read-only besides the app's own: OpenSSH's defaults (~/.ssh/known_hosts,
   * /etc/ssh/ssh_known_hosts, ...) unless given ([] in tests that must not read the real home).
   */
  trustedKnownHostsFiles?: readonly string[];
}

export interface Backend extends RunbookApi {
  readonly hub: EventHub;
  /** Ends live runs (each gets its run-finished, so it can be resumed) and drops listeners. */
  dispose(reason?: string): Promise<void>;
}

function notAvailable(what: string, why: string): never {
  throw new ApiError('not-available', `${what} is not available yet: ${why}.`);
}

/**
 * The RunbookApi on the core: runbook catalog (helper A), inventory and keychain (helper C), runs and
 * records (helper D). Plain Node: the Electron main process, the browser-mode host and tests all use it.
 * Inputs arrive already validated (dispatch.ts); outputs are plain JSON-serialisable data.
 */
export function createBackend(options: BackendOptions): Backend {
  const hub = new EventHub();
  const trustedKnownHostsFiles = options.trustedKnownHostsFiles ?? openSshKnownHostsFiles();
  const catalog = new RunbookCatalog(options.runbooksDir);
  const settings = new SettingsStore(options.dataDir);
  const inventory = InventoryStore.open(options.dataDir);
  const servers = new ServerService({
    inventory,
    secrets: options.secrets,
    knownHostsPath: knownHostsPath(options.dataDir),
    trustedKnownHostsFiles,
    ...(options.connect ? { connect: options.connect } : {}),
  });
  const name = options.name ?? 'OC Pizzas Runbook';
  const runs = new RunService({
    dataDir: options.dataDir,
    catalog,
    inventory,
    secrets: options.secrets,
    hub,
    app: `${name} ${options.version}`,
    trustedKnownHostsFiles,
    ...(options.operator ? { operator: options.operator } : {}),
    ...(options.prepareRun ? { prepare: options.prepareRun } : {}),
  });

  const runInputs = new RunInputs({ catalog, inventory, secrets: options.secrets });
  const adhoc = new AdhocTerminals({
    dataDir: options.dataDir,
    inventory,
    secrets: options.secrets,
    hub,
    operator: options.operator ?? os.userInfo().username,
    app: `${name} ${options.version}`,
    trustedKnownHostsFiles,
    ...(options.connect ? { connect: options.connect } : {}),
  });

  const events = Object.fromEntries(
    EVENT_NAMES.map((event) => [
      event,
      (listener: (payload: unknown) => void) => hub.on(event, listener as never),
    ]),
  ) as unknown as RunbookEvents;

  return {
    hub,
    ...events,

    async appInfo() {
      return {
        name,
        version: options.version,
        mode: options.mode,
        dataDir: options.dataDir,
        runbooksDir: options.runbooksDir,
        platform: process.platform,
      };
    },
    listRunbooks: () => catalog.list(),
    libraryProblems: () => catalog.problems(),
    getRunbook: ({ id }) => catalog.detail(id),
    searchRunbooks: ({ query, limit }) => catalog.search(query, limit),
    async exportRunbookPdf({ id }) {
      const runbook = await catalog.get(id);
      if (!options.printRunbookPdf) {
        return notAvailable(
          'PDF export',
          "it needs the desktop app; in a browser use Print, then 'Save as PDF'",
        );
      }
      return options.printRunbookPdf({ id: runbook.id, title: runbook.title });
    },
    async chooseKeyFile() {
      if (!options.chooseKeyFile)
        return notAvailable('Choosing a key file', 'it needs the desktop app; in a browser type its path');
      return options.chooseKeyFile();
    },
    async getSettings() {
      return settings.get();
    },
    async setSettings(patch) {
      return settings.set(patch);
    },

    listServers: () => servers.list(),
    upsertServer: ({ server }) => servers.upsert(server),
    removeServer: ({ id }) => servers.remove(id),
    setServerSecret: ({ id, kind, value, jump }) => servers.setSecret(id, kind, value, jump),
    forgetServerSecret: ({ id, kind, jump }) => servers.forgetSecret(id, kind, jump),
    testConnection: ({ id, acceptFingerprint }) => servers.testConnection(id, acceptFingerprint),
    forgetHostKey: ({ id, fingerprint }) => servers.forgetHostKey(id, fingerprint),
    importSshConfig: () => importSshConfig(options.sshConfigPath ?? defaultSshConfigPath()),

    startRun: (input) => runs.start(input),
    runNext: ({ runId }) => runs.runNext(runId),
    runUntilPause: ({ runId }) => runs.runUntilPause(runId),
    confirmStep: ({ runId, step }) => runs.confirm(runId, step),
    skipStep: ({ runId, step, reason }) => runs.skip(runId, step, reason),
    retryStep: ({ runId, step }) => runs.retry(runId, step),
    tickManual: ({ runId, step }) => runs.tickManual(runId, step),
    abortRun: ({ runId, reason }) => runs.abort(runId, reason),
    // An id is either a live run's or an ad-hoc terminal's (openTerminal): both carry terminals.
    async writeTerminal({ runId, role, data }) {
      if (adhoc.has(runId)) adhoc.write(runId, data);
      else runs.write(runId, role, data);
    },
    async resizeTerminal({ runId, role, cols, rows }) {
      if (adhoc.has(runId)) adhoc.resize(runId, cols, rows);
      else runs.resize(runId, role, cols, rows);
    },
    async ackTerminal({ runId, role, chars, attached }) {
      if (adhoc.has(runId)) adhoc.ack(runId, chars, attached);
      else runs.ack(runId, role, chars, attached);
    },
    reconnectRun: ({ runId, choice }) => runs.reconnect(runId, choice),
    // Ad-hoc terminals are not replayed: their pushes carry no `end`, and the view shows them live.
    replayTerminal: async ({ runId, role }) =>
      adhoc.has(runId) ? { data: '', end: 0, clipped: false } : runs.replay(runId, role),
    checkRunInputs: ({ runbookId, variables }) => runInputs.check(runbookId, variables),
    generateVariable: ({ runbookId, name }) => runInputs.generate(runbookId, name),
    previewFile: ({ runId, step }) => runs.preview(runId, step),
    openTerminal: ({ serverId }) => adhoc.start(serverId),
    closeTerminal: ({ runId }) => adhoc.close(runId),

    listRuns: () => runs.list(),
    getRun: ({ runId }) => runs.get(runId),
    verifyRun: ({ runId }) => runs.verify(runId),
    exportRun: ({ runId, format }) => runs.export(runId, format),
    getTranscript: ({ runId, role }) => runs.transcript(runId, role),
    async signingKey() {
      const key = await installPublicKey(options.secrets, options.dataDir);
      return {
        ...key,
        allowedSignersFile: allowedSignersPath(options.dataDir),
        namespace: RUN_SEAL_NAMESPACE,
      };
    },

    async dispose(reason = 'the app was closed') {
      await Promise.all([runs.closeAll(reason), adhoc.closeAll(reason)]);
    },
  };
}
