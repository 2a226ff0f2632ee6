import fs from 'node:fs';
import type { Runbook } from '../core/runbook/model';
import { usage } from './args';
import { askHidden } from './prompt';

/**
 * Where `runbook run` takes variable values from: `--var name=value`, `--var-file name=path` and
 * `--var-stdin name` (docs/cli-secrets.md). A value on the command line is in every local user's `ps` and in
 * the shell's history, so secrets belong in a file or on stdin; `--var` on a secret still works (scripts rely
 * on it, and refusing would not un-leak a value that was already in the process list) but warns.
 */
export interface VarSources {
  /** From --var, already split (parseVars). */
  inline: Record<string, string>;
  /** --var-file name=path pairs. */
  files?: string[];
  /** --var-stdin names (at most one: stdin is one stream). */
  stdin?: string[];
}

export interface ReadVars {
  values: Record<string, string>;
  warnings: string[];
}

export interface VarSourceIo {
  readFile(path: string): { mode: number; text: string };
  /** All of stdin; on a terminal, a hidden prompt for `name` instead (nothing to pipe, nothing echoed). */
  readStdin(name: string): Promise<string>;
  platform: NodeJS.Platform;
}

export const realIo: VarSourceIo = {
  readFile(path) {
    // fstat on the opened descriptor: the mode judged is the one of the file actually read.
    const fd = fs.openSync(path, 'r');
    try {
      return { mode: fs.fstatSync(fd).mode, text: fs.readFileSync(fd, 'utf8') };
    } finally {
      fs.closeSync(fd);
    }
  },
  readStdin: (name) =>
    process.stdin.isTTY
      ? askHidden(`${name} (--var-stdin): `)
      : new Promise((resolve, reject) => {
          let text = '';
          process.stdin.setEncoding('utf8');
          process.stdin.on('data', (chunk: string) => (text += chunk));
          process.stdin.on('end', () => resolve(text));
          process.stdin.on('error', reject);
        }),
  platform: process.platform,
};

/** `echo secret > file` and `printf 'secret\n' |` add one line break nobody means as part of the value. */
function withoutFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

export async function readVarSources(
  runbook: Runbook,
  sources: VarSources,
  io: VarSourceIo = realIo,
): Promise<ReadVars> {
  const values: Record<string, string> = { ...sources.inline };
  const warnings: string[] = [];
  const specs = new Map(runbook.variables.map((v) => [v.name, v]));
  const add = (option: string, name: string, value: string) => {
    if (name in values) throw usage(`${option} ${name}: the variable is given twice`);
    values[name] = value;
  };
  for (const name of Object.keys(sources.inline)) {
    if (specs.get(name)?.secret)
      warnings.push(
        `Warning: --var ${name} puts a secret on the command line, where any local user can read it (ps) and ` +
          `the shell keeps it in its history. Use --var-file ${name}=<file> or --var-stdin ${name}.`,
      );
  }
  for (const pair of sources.files ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw usage(`--var-file ${pair}: expected name=path`);
    const name = pair.slice(0, eq);
    const path = pair.slice(eq + 1);
    let file;
    try {
      file = io.readFile(path);
    } catch (error) {
      throw usage(`--var-file ${name}: cannot read ${path}: ${(error as Error).message}`);
    }
    // Like ssh with a private key: a file others can read does not keep a secret, refuse rather than warn.
    if (io.platform !== 'win32' && (file.mode & 0o004) !== 0)
      throw usage(
        `--var-file ${name}: ${path} is readable by every user (mode ${(file.mode & 0o777).toString(8).padStart(4, '0')}); ` +
          `chmod o-r ${path} (e.g. chmod 600)`,
      );
    add('--var-file', name, withoutFinalNewline(file.text));
  }
  const stdin = sources.stdin ?? [];
  if (stdin.length > 1)
    throw usage(`--var-stdin can be given once (stdin is one stream), got: ${stdin.join(', ')}`);
  if (stdin[0] !== undefined) add('--var-stdin', stdin[0], withoutFinalNewline(await io.readStdin(stdin[0])));

  for (const name of Object.keys(values)) {
    if (!specs.has(name))
      throw usage(
        `--var ${name}: the runbook ${runbook.id} has no variable "${name}" (it has: ${[...specs.keys()].join(', ') || 'none'})`,
      );
  }
  return { values, warnings };
}
