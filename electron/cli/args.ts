import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { allowedSignersPath, resolveDataDir } from '../core/data-dir';

/** Exit codes of the CLI (docs/cli.md). */
export const EXIT = { ok: 0, failed: 1, badInput: 2, unsigned: 3, interrupted: 130 } as const;

/** An error the CLI reports as one message and an exit code; no stack trace for the engineer. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usage = (message: string) => new CliError(EXIT.badInput, message);

const OPTIONS = {
  'data-dir': { type: 'string' },
  runbooks: { type: 'string' },
  inventory: { type: 'string' },
  var: { type: 'string', multiple: true },
  'var-file': { type: 'string', multiple: true },
  'var-stdin': { type: 'string', multiple: true },
  yes: { type: 'boolean' },
  'accept-host-key': { type: 'boolean' },
  from: { type: 'string' },
  only: { type: 'string', multiple: true },
  to: { type: 'string' },
  json: { type: 'boolean' },
  resume: { type: 'string' },
  'allow-changed-runbook': { type: 'boolean' },
  format: { type: 'string' },
  operator: { type: 'string' },
  'sign-key': { type: 'string' },
  'allowed-signers': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type OptionName = keyof typeof OPTIONS;
const GLOBAL: OptionName[] = ['data-dir', 'runbooks', 'help'];

export interface ParsedCli {
  command?: string;
  positionals: string[];
  values: {
    'data-dir'?: string;
    runbooks?: string;
    inventory?: string;
    var?: string[];
    'var-file'?: string[];
    'var-stdin'?: string[];
    yes?: boolean;
    'accept-host-key'?: boolean;
    from?: string;
    only?: string[];
    to?: string;
    json?: boolean;
    resume?: string;
    'allow-changed-runbook'?: boolean;
    format?: string;
    operator?: string;
    'sign-key'?: string;
    'allowed-signers'?: string;
    help?: boolean;
  };
}

export function parseCli(argv: string[]): ParsedCli {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage((error as Error).message);
  }
  const [command, ...positionals] = parsed.positionals;
  return { command, positionals, values: parsed.values };
}

/** Refuses options that the command does not take (parseArgs only knows the union of all of them). */
export function allowOnly(cli: ParsedCli, allowed: OptionName[]): void {
  for (const name of Object.keys(cli.values) as OptionName[]) {
    if (!GLOBAL.includes(name) && !allowed.includes(name))
      throw usage(`the ${cli.command} command does not take --${name}`);
  }
}

export function dataDirOf(cli: ParsedCli): string {
  return resolveDataDir({ flag: cli.values['data-dir'] });
}

/** The repo's runbooks/ folder, found from this file so that the CLI works from any directory. */
export function runbooksDirOf(cli: ParsedCli): string {
  if (cli.values.runbooks) return path.resolve(cli.values.runbooks);
  return fileURLToPath(new URL('../../runbooks/', import.meta.url));
}

/** --allowed-signers, else `<data dir>/allowed_signers` (which holds the per-install key). */
export function allowedSignersOf(cli: ParsedCli): string {
  const flag = cli.values['allowed-signers'];
  return flag ? path.resolve(flag) : allowedSignersPath(dataDirOf(cli));
}

export function operatorOf(cli: ParsedCli): string {
  return cli.values.operator ?? `${os.userInfo().username}@${os.hostname()}`;
}

/** --var k=v pairs; the value may contain '=' and may be empty. */
export function parseVars(pairs: string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usage(`--var ${pair}: expected name=value`);
    const name = pair.slice(0, eq);
    if (name in values) throw usage(`--var ${name} is given twice`);
    values[name] = pair.slice(eq + 1);
  }
  return values;
}

/**
 * --only a,b (repeatable: --only a --only b): step names in the order given, each once. An empty item
 * ("a,,b", a trailing comma) is refused rather than ignored: it is most likely a typo.
 */
export function parseStepList(values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const names: string[] = [];
  for (const value of values) {
    for (const raw of value.split(',')) {
      const name = raw.trim();
      if (!name) throw usage(`--only ${value}: expected step names separated by commas`);
      if (names.includes(name)) throw usage(`--only: step ${name} is given twice`);
      names.push(name);
    }
  }
  return names;
}

/** Which steps `run` runs: --from, --only and --to, checked against each other (not yet against the runbook). */
export function stepSelectionOf(cli: ParsedCli): {
  fromStep?: string;
  onlySteps?: string[];
  toStep?: string;
} {
  const { from, to, resume } = cli.values;
  const onlySteps = parseStepList(cli.values.only);
  if (from && resume) throw usage('--from and --resume cannot be used together');
  if (onlySteps && (from || to || resume))
    throw usage(
      `--only cannot be used with --${from ? 'from' : to ? 'to' : 'resume'}: it names every step to run`,
    );
  return {
    ...(from !== undefined ? { fromStep: from } : {}),
    ...(onlySteps ? { onlySteps } : {}),
    ...(to !== undefined ? { toStep: to } : {}),
  };
}

export const HELP = `runbook — the oc-pizzas operations manual as executable checklists

Usage: runbook <command> [options]

Commands:
  list                          the runbooks of the catalog
  show <id>                     a runbook: servers, variables, steps
  lint [paths...]               check runbook files (default: the runbooks folder)
  run <id|path> --inventory <file> [--var name=value]... [--var-file name=path]...
      [--var-stdin name] [--yes] [--accept-host-key] [--from <step>] [--only <step>[,<step>...]] [--to <step>]
      [--resume <run-id>] [--allow-changed-runbook] [--operator <name>]
      [--sign-key <key file|.pub in ssh-agent>] [--json]
                                secrets: --var-file (not world-readable) or --var-stdin,
                                not --var (visible in ps and shell history)
  history [--json] [--allowed-signers <file>]
                                recorded runs, newest first, each signed, unsigned or broken
  report <run-id> [--format md|json|html] [--allowed-signers <file>]
  verify <run-id> [--json] [--allowed-signers <file>]
                                check a run record: hash chain, seal, transcripts, signature
                                (docs/run-records.md; default allowed signers: <data dir>/allowed_signers)

Global options:
  --data-dir <dir>              where runs and known_hosts live (or RUNBOOK_DATA_DIR)
  --runbooks <dir>              the runbook folder (default: the repository's runbooks/)

Exit codes: 0 success (verify: signed and intact), 1 a step failed / verify: broken, 2 bad input,
  3 verify: intact but unsigned or signed by a key not allowed, 130 interrupted (Ctrl-C).
`;
