import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { knownHostsPath, newRunId, runDir } from '../data-dir';
import type { Inventory } from '../inventory/model';
import { bindRunbook, type FieldError, type Plan } from '../runbook/bind';
import type { Runbook, ServerRole, VariableSpec } from '../runbook/model';
import type { UnknownHostKeyPolicy } from '../ssh/types';
import type { SecretStore } from '../vault/secret-store';
import { AsciicastRecorder, fileCastSink } from './asciicast';
import { RunEngine } from './engine';
import type { RunEventBody } from './events';
import { Journal } from './journal';
import type { EngineStep } from './engine-types';
import { engineStepsOf } from './plan-steps';
import { checkRedactableSecret } from './redactor';
import { planResume, type ResumePlan } from './resume';
import { ConnectionPool } from './run-connections';
import { resolveSecretVariables, serverSecrets, textRedactor } from './run-secrets';
import { readJournal } from './verify';
import { installKeySigner, type RecordSigner } from '../signing/signer';
import { unsignedTail } from './record-verify';
import { sealJournal } from './sealer';

export interface RunnerOptions {
  dataDir: string;
  runbook: Runbook;
  inventory: Inventory;
  /** Variable values given by the engineer (--var, the form). */
  values: Record<string, string>;
  secrets: SecretStore;
  hostKeys: UnknownHostKeyPolicy;
  /** Read-only known_hosts trust sources (the engineer's OpenSSH files); see ConnectOptions. */
  trustedKnownHostsFiles?: readonly string[];
  operator: string;
  /** App name and version for the journal. */
  app?: string;
  cols?: number;
  rows?: number;
  /** Start a new run at this step: the steps before it are journaled as skipped. */
  fromStep?: string;
  /** Run only these steps; the others are journaled as skipped (reason "--only"). */
  onlySteps?: string[];
  /** Stop after this step: the run ends 'aborted' with a reason saying so (RunEngine stopAfter). */
  toStep?: string;
  /** Continue this run (same folder, same journal chain). */
  resume?: { runId: string; allowChangedRunbook?: boolean };
  /** Asked for a secret variable that has no value anywhere (a TTY prompt, a dialog). */
  askSecret?: (spec: VariableSpec) => Promise<string | undefined>;
  now?: () => Date;
  /**
   * Who signs the run's seals (signer.ts): the operator's key file or agent key. Default: the per-install
   * key from `secrets` (made on first use). A signer that cannot be made leaves the record unsigned, with
   * a warning: a run is never refused for it.
   */
  signer?: RecordSigner | (() => Promise<RecordSigner>);
}

export type RunSetupErrorCode = 'bind' | 'resume' | 'unknown-step' | 'signer';

/** Bad input found before anything ran: nothing was connected, the run folder may not even exist. */
export class RunSetupError extends Error {
  override name = 'RunSetupError';
  constructor(
    readonly code: RunSetupErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

export interface PreparedRun {
  runId: string;
  dir: string;
  plan: Plan;
  engine: RunEngine;
  /** For a resumed run: what was taken over from the journal. */
  resume?: ResumePlan;
  warnings: string[];
  /** Secret variables generated (and stored in the keychain) for this run. */
  generated: string[];
  /** Writes run-started (or run-resumed), and the skips of --from. */
  start(): Promise<void>;
  /** Ends the run (run-finished when not yet written), closes shells, connections, transcripts, journal, and seals it. */
  close(reason?: string): Promise<void>;
  /** Who signs this run's seals; undefined when no signer could be made (see warnings). */
  signer?: RecordSigner;
  /** Signing failures so far (each once); the record of a run with any is not fully signed. */
  signingErrors: string[];
}

/**
 * The composition root of one run, shared by the CLI and the desktop Backend: binds the runbook,
 * creates (or reopens) the run folder, and wires the journal, transcripts, SSH and redaction into a
 * RunEngine. Everything that can be refused is checked before the run folder is created.
 */
export async function prepareRun(options: RunnerOptions): Promise<PreparedRun> {
  const { runbook, dataDir } = options;
  const now = options.now ?? (() => new Date());
  const warnings: string[] = [];
  let resume: ResumePlan | undefined;
  let values = options.values;
  if (options.resume) {
    resume = await loadResume(dataDir, runbook, options.resume);
    warnings.push(...resume.warnings);
    for (const [name, value] of Object.entries(options.values))
      if (resume.variables[name] !== undefined && resume.variables[name] !== value)
        warnings.push(`--var ${name} is ignored: a resumed run keeps the value it started with`);
    values = { ...options.values, ...resume.variables };
  }
  const runId = resume?.runId ?? newRunId(now(), runbook.id);
  const secretVars = await resolveSecretVariables(runbook, values, options.secrets, options.askSecret);
  for (const [name, value] of Object.entries(secretVars.values)) {
    const problem = checkRedactableSecret(value);
    if (problem)
      throw new RunSetupError('bind', `${name}: ${problem}`, [
        { field: name, code: 'bad-value', message: problem },
      ]);
  }
  const bound = bindRunbook(runbook, {
    values,
    inventory: options.inventory,
    secretValues: secretVars.values,
    runId,
  });
  if (!bound.ok)
    throw new RunSetupError(
      'bind',
      bound.errors.map((e) => `${e.field}: ${e.message}`).join('\n'),
      bound.errors,
    );
  const plan = bound.plan;
  const steps = engineStepsOf(plan);
  checkStepSelection(options, steps, resume);

  const allSecrets = [...plan.secrets, ...(await serverSecrets(options.inventory, options.secrets))];
  const redactor = textRedactor(allSecrets);
  const dir = runDir(dataDir, runId);
  const signer = await makeSigner(options, warnings);
  const journal = resume
    ? Journal.open(dir, { redact: redactor.redact })
    : Journal.create(dir, runId, { redact: redactor.redact });
  if (journal.recoveryNote) warnings.push(journal.recoveryNote);
  const unsigned = resume ? unsignedTail(dir, journal.lastSeq) : undefined;
  if (unsigned)
    warnings.push(
      `the previous part of run ${runId} wrote ${unsigned.events} event(s)` +
        (unsigned.transcripts.length ? ` and output in ${unsigned.transcripts.join(', ')}` : '') +
        ' after its last signed checkpoint; this resume seals them and records that they were unsigned',
    );
  const recorders = new Map<ServerRole, AsciicastRecorder>();
  // Output the recorders still hold goes to disk before each checkpoint, so the seal covers it too.
  const sealed = sealJournal(
    journal,
    signer,
    (error) => warnings.push(`the run record could not be signed: ${error.message}`),
    () => recorders.forEach((recorder) => recorder.flush()),
  );

  const cols = options.cols ?? 120;
  const rows = options.rows ?? 32;
  const pool = new ConnectionPool({
    inventory: options.inventory,
    secrets: options.secrets,
    knownHostsPath: knownHostsPath(dataDir),
    hostKeys: options.hostKeys,
    ...(options.trustedKnownHostsFiles ? { trustedKnownHostsFiles: options.trustedKnownHostsFiles } : {}),
    cols,
    rows,
  });
  const engine = new RunEngine({
    steps,
    done: resume?.done,
    ...(resume ? { attempts: resume.attempts } : {}),
    ...(options.onlySteps ? { only: new Set(options.onlySteps) } : {}),
    ...(options.toStep !== undefined ? { stopAfter: options.toStep } : {}),
    services: {
      journal: { append: (body: RunEventBody) => sealed.append(body) },
      openSession: (role) => pool.openSession(role),
      installFile: (role, request) => pool.installFile(role, request),
      recorderFor: (role) => {
        const file = castPath(dir, role);
        const recorder = new AsciicastRecorder(fileCastSink(file), {
          width: cols,
          height: rows,
          title: `${runbook.title} — ${role} — ${runId}`,
        });
        recorders.set(role, recorder);
        return {
          output: (data) => recorder.output(data),
          marker: (label) => recorder.marker(label),
          resize: (c, r) => recorder.resize(c, r),
          // The sink writes synchronously: once flushed, the file's size is where the stream stands.
          checkpoint: () => {
            recorder.flush();
            return { file, bytes: fs.statSync(file).size };
          },
        };
      },
      redactor,
      clock: { now: () => Date.now() },
      operator: options.operator,
    },
  });

  let closed = false;
  return {
    runId,
    dir,
    plan,
    engine,
    resume,
    warnings,
    generated: secretVars.generated,
    ...(signer ? { signer } : {}),
    signingErrors: sealed.errors,
    async start() {
      if (resume) {
        await engine.begin({
          type: 'run-resumed',
          fromStep: resume.fromStep ?? '',
          ...(unsigned ? { unsignedBefore: unsigned } : {}),
        });
        return;
      }
      await engine.begin(runStartedEvent(options, plan, runId));
      if (options.fromStep !== undefined) {
        for (const step of steps) {
          if (step.name === options.fromStep) break;
          await engine.skip(step.name, `the run was started from step ${options.fromStep}`);
        }
      }
    },
    async close(reason?: string) {
      if (closed) return;
      closed = true;
      try {
        await engine.close(reason);
      } finally {
        await pool.closeAll();
        for (const recorder of recorders.values()) recorder.close();
        journal.close();
        // The last seal, once the transcripts have their last bytes: the record as it stays.
        await sealed.finish();
      }
    },
  };
}

/** An explicit signer that fails refuses the run (the engineer asked for it); the default one only warns. */
async function makeSigner(options: RunnerOptions, warnings: string[]): Promise<RecordSigner | undefined> {
  if (typeof options.signer === 'function') {
    try {
      return await options.signer();
    } catch (error) {
      throw new RunSetupError('signer', `cannot sign this run as asked: ${(error as Error).message}`);
    }
  }
  try {
    return options.signer ?? (await installKeySigner(options.secrets, options.dataDir));
  } catch (error) {
    warnings.push(`this run will not be signed: ${(error as Error).message}`);
    return undefined;
  }
}

/** --from, --only and --to name steps of the runbook, and --to is not before --from nor already done. */
function checkStepSelection(options: RunnerOptions, steps: EngineStep[], resume?: ResumePlan): void {
  const index = (flag: string, name: string) => {
    const i = steps.findIndex((s) => s.name === name);
    if (i < 0) throw new RunSetupError('unknown-step', `${flag}: the runbook has no step named "${name}"`);
    return i;
  };
  const from = options.fromStep !== undefined ? index('--from', options.fromStep) : 0;
  for (const name of options.onlySteps ?? []) index('--only', name);
  if (options.onlySteps?.length === 0) throw new RunSetupError('unknown-step', '--only: no step given');
  if (options.toStep === undefined) return;
  if (index('--to', options.toStep) < from)
    throw new RunSetupError('unknown-step', `--to ${options.toStep} comes before --from ${options.fromStep}`);
  if (resume?.done[options.toStep] !== undefined)
    throw new RunSetupError('unknown-step', `--to ${options.toStep}: that step is already done in this run`);
}

async function loadResume(
  dataDir: string,
  runbook: Runbook,
  resume: { runId: string; allowChangedRunbook?: boolean },
): Promise<ResumePlan> {
  const dir = runDir(dataDir, resume.runId);
  if (!fs.existsSync(dir)) throw new RunSetupError('resume', `there is no run ${resume.runId} in ${dataDir}`);
  const read = await readJournal(dir);
  if (read.problem && !read.partialTailOnly)
    throw new RunSetupError(
      'resume',
      `the journal of run ${resume.runId} does not verify (line ${read.problem.line}: ${read.problem.message}); it cannot be resumed`,
    );
  try {
    return planResume(read.events, runbook, { allowChangedRunbook: resume.allowChangedRunbook });
  } catch (error) {
    throw new RunSetupError('resume', (error as Error).message);
  }
}

/** `app.cast` for a new run; `app.2.cast`, `app.3.cast`… for each resumed part (see resume.ts). */
export function castPath(dir: string, role: ServerRole): string {
  let candidate = path.join(dir, `${role}.cast`);
  for (let n = 2; fs.existsSync(candidate); n++) candidate = path.join(dir, `${role}.${n}.cast`);
  return candidate;
}

/** The first journal event of a new run: which runbook (and its hash), who, where, the servers it uses and its steps. */
export function runStartedEvent(
  options: RunnerOptions,
  plan: Plan,
  runId: string,
): Extract<RunEventBody, { type: 'run-started' }> {
  const { runbook, inventory } = options;
  const roles = new Set<ServerRole>(runbook.servers);
  for (const step of runbook.steps) if (step.kind !== 'manual') roles.add(step.target);
  const servers = [...roles].flatMap((role) => {
    const s = inventory[role];
    return s ? [{ role, id: s.id, label: s.label, host: s.host, port: s.port, user: s.user }] : [];
  });
  return {
    type: 'run-started',
    runId,
    runbookId: runbook.id,
    runbookTitle: runbook.title,
    runbookFile: runbook.file,
    runbookHash: runbook.hash,
    operator: options.operator,
    host: os.hostname(),
    app: options.app ?? 'oc-pizzas-runbook',
    servers,
    variables: plan.variables,
    steps: runbook.steps.map((s) => ({
      name: s.name,
      kind: s.kind,
      ...(s.kind !== 'manual' ? { target: s.target } : {}),
      ...(s.ref ? { ref: s.ref } : {}),
    })),
  };
}
