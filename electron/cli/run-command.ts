import { InventoryFileError, loadInventoryFile } from '../core/inventory/inventory-file';
import type { RunEngine } from '../core/run/engine';
import { RunSetupError, prepareRun, type PreparedRun } from '../core/run/runner';
import { openSshKnownHostsFiles } from '../core/ssh/openssh-known-hosts';
import type { UnknownHostKeyPolicy } from '../core/ssh/types';
import { keyFileSigner } from '../core/signing/signer';
import { KeychainSecretStore } from '../core/vault/keychain-store';
import {
  EXIT,
  allowOnly,
  dataDirOf,
  operatorOf,
  parseVars,
  stepSelectionOf,
  usage,
  type ParsedCli,
} from './args';
import { loadRunbook } from './catalog-commands';
import type { Output } from './output';
import { askHidden, askYesNo, canAsk } from './prompt';
import { printEvent } from './run-printer';
import { readVarSources } from './var-sources';

const APP = 'oc-pizzas-runbook CLI 0.1.0';

export async function runCommand(cli: ParsedCli, out: Output): Promise<number> {
  allowOnly(cli, [
    'inventory',
    'var',
    'var-file',
    'var-stdin',
    'yes',
    'accept-host-key',
    'from',
    'only',
    'to',
    'json',
    'resume',
    'allow-changed-runbook',
    'operator',
    'sign-key',
  ]);
  const target = cli.positionals[0];
  if (!target) throw usage('run needs a runbook: runbook run <id|path> --inventory <file>');
  if (cli.positionals.length > 1) throw usage(`run takes one runbook, got: ${cli.positionals.join(' ')}`);
  if (!cli.values.inventory) throw usage('run needs --inventory <file> (the servers to run on)');
  const selection = stepSelectionOf(cli);
  const runbook = await loadRunbook(cli, target);
  const { values, warnings } = await readVarSources(runbook, {
    inline: parseVars(cli.values.var),
    files: cli.values['var-file'],
    stdin: cli.values['var-stdin'],
  });
  for (const warning of warnings) out.error(warning);
  let inventory;
  try {
    inventory = loadInventoryFile(cli.values.inventory);
  } catch (error) {
    if (error instanceof InventoryFileError) throw usage(`inventory error:\n${error.message}`);
    throw error;
  }
  const json = Boolean(cli.values.json);
  const operator = operatorOf(cli);
  const hostKeys: UnknownHostKeyPolicy = cli.values['accept-host-key']
    ? async (info) => {
        out.error(
          `Accepting the host key of ${info.host}:${info.port}: ${info.keyType} ${info.fingerprint} (added to known_hosts)`,
        );
        return true;
      }
    : 'reject';

  let prepared: PreparedRun;
  try {
    prepared = await prepareRun({
      dataDir: dataDirOf(cli),
      runbook,
      inventory,
      values,
      secrets: new KeychainSecretStore(),
      hostKeys,
      // A server the engineer already trusts in ssh is known here too (read only: the CLI never writes them).
      trustedKnownHostsFiles: openSshKnownHostsFiles(),
      operator,
      app: APP,
      cols: process.stdout.columns || 120,
      rows: process.stdout.rows || 32,
      ...selection,
      resume: cli.values.resume
        ? { runId: cli.values.resume, allowChangedRunbook: cli.values['allow-changed-runbook'] }
        : undefined,
      ...(cli.values['sign-key']
        ? { signer: () => keyFileSigner(cli.values['sign-key'] as string, operator) }
        : {}),
      askSecret:
        canAsk() && !json ? (spec) => askHidden(`${spec.label} (${spec.name}, secret): `) : undefined,
    });
  } catch (error) {
    if (error instanceof RunSetupError) throw usage(error.message);
    throw error;
  }
  for (const warning of prepared.warnings) out.error(warning);
  for (const name of prepared.generated)
    out.error(`Generated secret "${name}" and stored it in the OS keychain.`);

  const { engine } = prepared;
  // Status lines start on a line of their own even when a step's output (or the prompt) did not end one.
  let atLineStart = true;
  engine.onEvent((event) => {
    if (!json && !atLineStart) out.write('\n');
    atLineStart = true;
    printEvent(out, event, json);
  });
  if (!json)
    engine.onTerminalData((_role, data) => {
      out.write(data);
      atLineStart = data.endsWith('\n');
    });

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) return;
    interrupted = true;
    out.error('\nCtrl-C: cancelling the running step and ending the run as aborted…');
    engine.abort('interrupted by Ctrl-C (SIGINT)').catch(() => undefined);
  };
  process.on('SIGINT', onSigint);
  let exitCode: number = EXIT.failed;
  let stopReason: string | undefined;
  try {
    await prepared.start();
    ({ exitCode, stopReason } = await drive(engine, { yes: Boolean(cli.values.yes), json, operator, out }));
    if (interrupted) exitCode = EXIT.interrupted;
  } finally {
    await prepared.close(stopReason);
    process.off('SIGINT', onSigint);
  }
  for (const error of prepared.signingErrors)
    out.error(`runbook: the run record could not be signed: ${error}`);
  const snapshot = engine.snapshot();
  const summary = {
    type: 'summary',
    runId: prepared.runId,
    runDir: prepared.dir,
    state: snapshot.state,
    exitCode,
    steps: snapshot.steps.map((s) => ({ name: s.name, status: s.status })),
    ...(snapshot.lastError ? { error: snapshot.lastError } : {}),
  };
  if (json) out.json(summary);
  else out.line(`Run ${prepared.runId}: ${snapshot.state}. Report: runbook report ${prepared.runId}`);
  return exitCode;
}

/** Runs to the end, answering pauses from --yes or the terminal; stops with exit 2 when nobody can. */
async function drive(
  engine: RunEngine,
  ctx: { yes: boolean; json: boolean; operator: string; out: Output },
): Promise<{ exitCode: number; stopReason?: string }> {
  for (;;) {
    const state = await engine.runUntilPause();
    const snap = engine.snapshot();
    const step = snap.current ?? '';
    switch (state) {
      case 'finished':
        return { exitCode: EXIT.ok };
      case 'aborted':
        // --to: the run stopped after that step because it was asked to, not because of Ctrl-C.
        return { exitCode: engine.stoppedAsAsked ? EXIT.ok : EXIT.interrupted };
      case 'failed': {
        const code = snap.lastError?.code;
        // A changed or revoked key is refused before any accept policy runs: --accept-host-key cannot help.
        if (code === 'host-key-unknown' || code === 'host-key-changed' || code === 'host-key-revoked') {
          ctx.out.error(
            `${snap.lastError?.message}${code === 'host-key-unknown' ? ' (run again with --accept-host-key)' : ''}`,
          );
          return { exitCode: EXIT.badInput };
        }
        if (snap.lastError) ctx.out.error(snap.lastError.message);
        return { exitCode: EXIT.failed };
      }
      case 'interrupted':
      case 'awaiting-reconnect':
        // As before the UI learnt to reconnect: exit, resumable. A resumed run opens new shells anyway.
        ctx.out.error(`Step ${step} was interrupted (connection lost). Resume later with --resume.`);
        return { exitCode: EXIT.failed };
      case 'awaiting-confirmation': {
        const prompt = snap.pending?.prompt ?? `Run step ${step}?`;
        if (ctx.yes) {
          if (!ctx.json) ctx.out.line(`? ${prompt}`);
          await engine.confirm(step, `${ctx.operator} (--yes)`);
        } else if (canAsk() && !ctx.json) {
          ctx.out.line(`\n? ${prompt}\n  ${snap.pending?.command ?? ''}`);
          if (!(await askYesNo('Confirm?'))) return stop(ctx, `step ${step} was not confirmed`);
          await engine.confirm(step, ctx.operator);
        } else {
          return stop(ctx, `step ${step} needs confirmation ("${prompt}"): run with --yes to confirm it`);
        }
        break;
      }
      case 'awaiting-manual': {
        const text = snap.pending?.command ?? step;
        if (ctx.yes) {
          ctx.out.error(`☑ manual step ${step} auto-ticked by --yes: ${text}`);
          await engine.tickManual(step, 'cli --yes');
        } else if (canAsk() && !ctx.json) {
          ctx.out.line(`\n☐ ${text}`);
          if (!(await askYesNo('Done?'))) return stop(ctx, `manual step ${step} was not ticked`);
          await engine.tickManual(step, ctx.operator);
        } else {
          return stop(ctx, `manual step ${step} needs a tick ("${text}"): run with --yes to tick it`);
        }
        break;
      }
      default:
        throw new Error(`unexpected engine state ${state}`);
    }
  }
}

function stop(ctx: { out: Output }, reason: string): { exitCode: number; stopReason: string } {
  ctx.out.error(`Stopped: ${reason}.`);
  return { exitCode: EXIT.badInput, stopReason: reason };
}
