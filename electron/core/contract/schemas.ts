/**
 * Input schemas of every RunbookApi method: the one place where what crosses a boundary (IPC from the
 * renderer, a WebSocket message in browser mode) is checked. Objects are strict, so a misspelt field is an
 * error naming it rather than something silently ignored; strings are bounded.
 *
 * Pure (zod only): the renderer type-checks this folder, and may import it if it wants client-side checks.
 */
import { z } from 'zod';
import { SERVER_ROLES } from '../runbook/model';
import { idSchema, serverConfigSchema } from '../inventory/schema';
import { TERMINAL_WRITE_MAX_CHARS } from './limits';

const NUL_FREE = /^[^\0]*$/;

export const runbookId = z.string().min(1).max(200).regex(NUL_FREE, 'must not contain NUL');
/** Run ids name folders of the data dir: no separators, no leading dot. */
export const runId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be letters, digits, ".", "_" or "-" (a run id)');
export const serverId = idSchema;
export const serverRole = z.enum(SERVER_ROLES);
export const stepName = z.string().min(1).max(200);
export const fingerprint = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be an OpenSSH SHA256 fingerprint ("SHA256:…")');
export const secretKind = z.enum(['password', 'passphrase']);

/** An inventory entry (ServerConfig): the inventory's own schema, so the store and the api agree. */
export const serverConfig = serverConfigSchema;

/** Methods without input accept nothing, null or {} (what a JSON client naturally sends). */
const noInput = z.union([z.undefined(), z.null(), z.strictObject({})]).transform((): undefined => undefined);

const runRef = z.strictObject({ runId });
const stepRef = z.strictObject({ runId, step: stepName });

export const inputSchemas = {
  appInfo: noInput,
  listRunbooks: noInput,
  libraryProblems: noInput,
  getRunbook: z.strictObject({ id: runbookId }),
  searchRunbooks: z.strictObject({
    query: z.string().max(200),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  exportRunbookPdf: z.strictObject({ id: runbookId }),
  chooseKeyFile: noInput,
  getSettings: noInput,
  setSettings: z.strictObject({
    language: z.enum(['auto', 'fr', 'en']).optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
  }),

  listServers: noInput,
  upsertServer: z.strictObject({ server: serverConfig }),
  removeServer: z.strictObject({ id: serverId }),
  /** `jump: true`: the secret of the server's jump host (kept under the jump host's secretId), not its own. */
  setServerSecret: z.strictObject({
    id: serverId,
    kind: secretKind,
    value: z.string().min(1).max(8192),
    jump: z.literal(true).optional(),
  }),
  forgetServerSecret: z.strictObject({ id: serverId, kind: secretKind, jump: z.literal(true).optional() }),
  testConnection: z.strictObject({ id: serverId, acceptFingerprint: fingerprint.optional() }),
  /** The recorded fingerprint the engineer was shown: only that line is removed, never a key they did not see. */
  forgetHostKey: z.strictObject({ id: serverId, fingerprint }),
  importSshConfig: noInput,

  startRun: z.strictObject({
    runbookId,
    /** Values by variable name, secret ones included (kept in memory only). */
    variables: z.record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a variable name'),
      z.string().max(65536),
    ),
    /** Resume an interrupted run from its journal instead of starting afresh. */
    resumeFrom: runId.optional(),
  }),
  runNext: runRef,
  runUntilPause: runRef,
  confirmStep: stepRef,
  skipStep: z.strictObject({ runId, step: stepName, reason: z.string().min(1).max(2000) }),
  retryStep: stepRef,
  tickManual: stepRef,
  abortRun: z.strictObject({ runId, reason: z.string().max(2000).optional() }),
  writeTerminal: z.strictObject({
    runId,
    role: serverRole,
    data: z.string().min(1).max(TERMINAL_WRITE_MAX_CHARS),
  }),
  resizeTerminal: z.strictObject({
    runId,
    role: serverRole,
    cols: z.number().int().min(1).max(2000),
    rows: z.number().int().min(1).max(1000),
  }),
  /** Flow control: the renderer has written this many more characters of the terminal's output. */
  ackTerminal: z.strictObject({
    runId,
    role: serverRole,
    chars: z.number().int().min(0),
    /** A terminal view starts (true) or stops (false) consuming the stream: only then is output paused. */
    attached: z.boolean().optional(),
  }),
  reconnectRun: z.strictObject({ runId, choice: z.enum(['continue', 'replay']) }),
  replayTerminal: z.strictObject({ runId, role: serverRole }),
  checkRunInputs: z.strictObject({
    runbookId,
    variables: z.record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a variable name'),
      z.string().max(65536),
    ),
  }),
  generateVariable: z.strictObject({ runbookId, name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }),
  previewFile: stepRef,
  openTerminal: z.strictObject({ serverId }),
  closeTerminal: runRef,

  listRuns: noInput,
  getRun: runRef,
  verifyRun: runRef,
  exportRun: z.strictObject({ runId, format: z.enum(['markdown', 'html', 'json']) }),
  getTranscript: z.strictObject({ runId, role: serverRole }),
  signingKey: noInput,
} as const;

export type InputSchemas = typeof inputSchemas;
/** What a caller passes (before parsing). */
export type MethodInput<K extends keyof InputSchemas> = z.input<InputSchemas[K]>;
/** What the backend receives (after parsing). */
export type ParsedInput<K extends keyof InputSchemas> = z.output<InputSchemas[K]>;
