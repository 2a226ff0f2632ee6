import { EngineError } from '../core/run/engine-types';
import { CliError, EXIT, HELP, allowOnly, parseCli, usage, type ParsedCli } from './args';
import { lintCommand, listCommand, showCommand } from './catalog-commands';
import { processOutput, type Output } from './output';
import { historyCommand, reportCommand, verifyCommand } from './record-commands';
import { runCommand } from './run-command';

/**
 * The headless `runbook` command: the same core as the desktop app (catalog, runner, journal), for
 * scripts and CI. Exit codes (docs/cli.md): 0 success, 1 a step failed (or verify: broken), 2 bad input,
 * 3 verify: intact but unsigned, 130 Ctrl-C.
 */
type Command = (cli: ParsedCli, out: Output) => Promise<number>;

const COMMANDS: Record<string, { run: Command; options: Parameters<typeof allowOnly>[1] }> = {
  list: { run: listCommand, options: ['json'] },
  show: { run: showCommand, options: ['json'] },
  lint: { run: lintCommand, options: ['json'] },
  run: { run: runCommand, options: [] }, // checks its own options
  history: { run: historyCommand, options: ['json', 'allowed-signers'] },
  report: { run: reportCommand, options: ['format', 'allowed-signers'] },
  verify: { run: verifyCommand, options: ['json', 'allowed-signers'] },
};

export async function main(argv: string[], out: Output = processOutput()): Promise<number> {
  try {
    const cli = parseCli(argv);
    if (cli.values.help || !cli.command || cli.command === 'help') {
      out.write(HELP);
      return cli.command || cli.values.help ? EXIT.ok : EXIT.badInput;
    }
    const command = COMMANDS[cli.command];
    if (!command)
      throw usage(`unknown command "${cli.command}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    if (cli.command !== 'run') allowOnly(cli, command.options);
    return await command.run(cli, out);
  } catch (error) {
    if (error instanceof CliError) {
      out.error(`runbook: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof EngineError) {
      out.error(`runbook: ${error.message}`);
      return EXIT.failed;
    }
    out.error(`runbook: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.failed;
  }
}

// Run when executed directly (tsx electron/cli/main.ts); bin/runbook.mjs and tests import main() instead.
const invokedAs = process.argv[1] ?? '';
if (/electron[\\/]cli[\\/]main\.ts$/.test(invokedAs)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT.failed;
    },
  );
}
