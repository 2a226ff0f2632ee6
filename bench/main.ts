/**
 * `npm run bench [-- --check] [--quick] [--only 1,3,7]`: starts the SSH lab, measures the seven
 * figures, prints one table (each figure beside its reference measured in the same run, and their ratio)
 * and writes it as JSON to bench/results/latest.json. --check exits 1 when a target (targets.ts) is missed
 * or could not be measured. Method: docs/bench.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerRole } from '../electron/core/runbook/model';
import { parseBenchArgs, wants, type BenchArgs } from './args';
import { benchFlood } from './fig-flood';
import { benchParsing } from './fig-parse';
import { benchStartup } from './fig-startup';
import { benchFanOut, benchStepLatency } from './fig-steps';
import { benchThroughput } from './fig-throughput';
import { startBenchLab, type BenchLab } from './lab-env';
import { checkRows, evaluate, formatTable, notMeasured, type BenchReport, type Result } from './table';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** Sizes of the full run (the issue's) and of --quick (a smoke run of the bench itself). */
function sizes(quick: boolean) {
  return quick
    ? { catBytes: 10e6, catRounds: 1, steps: 50, fanOutRounds: 2, floodBytes: 100e6, startupRounds: 2 }
    : { catBytes: 50e6, catRounds: 7, steps: 200, fanOutRounds: 5, floodBytes: 500e6, startupRounds: 5 };
}

/** Runs one figure; a failure becomes "not measured: <error>" rows instead of stopping the others. */
async function attempt(id: string, title: string, fn: () => Promise<Result | Result[]>): Promise<Result[]> {
  process.stderr.write(`bench: figure ${id} (${title})…\n`);
  const started = performance.now();
  try {
    const out = await fn();
    process.stderr.write(
      `bench: figure ${id} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return Array.isArray(out) ? out : [out];
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    process.stderr.write(`bench: figure ${id} failed: ${error instanceof Error ? error.stack : message}\n`);
    return [{ id, title, figure: notMeasured(`error: ${message}`) }];
  }
}

async function run(args: BenchArgs): Promise<Result[]> {
  const size = sizes(args.quick);
  const results: Result[] = [];
  const needsLab = ['1', '2', '3', '4', '5'].some((f) => wants(args, f));
  const roles: ServerRole[] = wants(args, '4') ? ['app', 'db', 'web', 'backup'] : ['app'];
  let env: BenchLab | undefined;
  try {
    if (needsLab) env = await startBenchLab(roles);
    if (wants(args, '7'))
      results.push(...(await attempt('7', 'parsing and lint', () => benchParsing(repoRoot, args.quick))));
    if (env && wants(args, '3'))
      results.push(...(await attempt('3', 'step latency', () => benchStepLatency(env!, size.steps))));
    if (env && wants(args, '4'))
      results.push(...(await attempt('4', 'fan-out', () => benchFanOut(env!, size.fanOutRounds))));
    if (env && (wants(args, '1') || wants(args, '2')))
      results.push(
        ...(await attempt('1', 'terminal throughput and recording overhead', () =>
          benchThroughput(env!, repoRoot, size.catBytes, size.catRounds),
        )),
      );
    if (env && wants(args, '5'))
      results.push(
        ...(await attempt('5', 'memory under flood', () => benchFlood(env!, repoRoot, size.floodBytes))),
      );
  } finally {
    await env?.stop();
  }
  if (wants(args, '6'))
    results.push(...(await attempt('6', 'start-up', () => benchStartup(repoRoot, size.startupRounds))));
  const order = (id: string) => Number.parseInt(id, 10);
  return results.sort((a, b) => order(a.id) - order(b.id));
}

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  // The lab's exit hook kills its sshd servers and cdp.ts's kills Chromium (its own process group): make
  // Ctrl-C, `timeout` or a closed terminal go through process exit, which runs them.
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  process.on('SIGHUP', () => process.exit(129));
  const rows = evaluate(await run(args));
  const cpus = os.cpus();
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryMB: Math.round(os.totalmem() / 2 ** 20),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
    },
    options: { quick: args.quick, ...(args.only ? { only: args.only } : {}) },
    rows,
  };
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(
    `\nBench ${report.date} — ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryMB} MB, ` +
      `Node ${report.machine.node}${args.quick ? ' (--quick)' : ''}\n\n${formatTable(rows)}\n` +
      'JSON: bench/results/latest.json\n',
  );
  if (!args.check) return 0;
  const check = checkRows(rows);
  process.stdout.write(
    check.ok ? '\n--check: every target met.\n' : `\n--check failed:\n${check.lines.join('\n')}\n`,
  );
  return check.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
