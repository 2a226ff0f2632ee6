/**
 * `npm run test:repeat -- N [--only integration|e2e]`: runs the integration project (vitest, real SSH lab) and
 * the end-to-end project (Playwright, browser mode) N times in a row, then prints how often each test passed.
 * A test that passes sometimes is a failing test: the command exits 1 unless every test passed every round.
 *
 * Runs inside one Secret Service session (package.json wraps it in e2e/lab/with-keyring.sh), as `npm test`
 * does. Each round's runner output goes to a log file under the report folder, named in the table's heading
 * lines, so a failure can be read after the fact.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allPassed, formatTally, fromPlaywright, fromVitest, tally, type TestOutcome } from './tally';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

interface Suite {
  name: 'integration' | 'e2e';
  run(report: string, log: number): Promise<number | null>;
  read(report: string): TestOutcome[];
}

const suites: Suite[] = [
  {
    name: 'integration',
    run: (report, log) =>
      exec(
        bin('vitest'),
        ['run', '--project', 'integration', '--reporter=json', `--outputFile=${report}`],
        log,
      ),
    read: (report) => fromVitest(JSON.parse(fs.readFileSync(report, 'utf8')), 'integration', root),
  },
  {
    name: 'e2e',
    run: (report, log) =>
      exec(bin('playwright'), ['test', '--reporter=json'], log, { PLAYWRIGHT_JSON_OUTPUT_NAME: report }),
    read: (report) => fromPlaywright(JSON.parse(fs.readFileSync(report, 'utf8')), 'e2e'),
  },
];

function exec(
  command: string,
  args: string[],
  log: number,
  env: Record<string, string> = {},
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', log, log],
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

function parseArgs(argv: string[]): { rounds: number; only?: Suite['name'] } {
  let rounds = 10;
  let only: Suite['name'] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--only') {
      const value = argv[++i];
      if (value !== 'integration' && value !== 'e2e')
        usage(`--only takes integration or e2e, not ${value ?? 'nothing'}`);
      only = value;
    } else if (/^\d+$/.test(arg) && Number(arg) >= 1) {
      rounds = Number(arg);
    } else {
      usage(`unknown argument ${arg}`);
    }
  }
  return { rounds, ...(only ? { only } : {}) };
}

function usage(problem: string): never {
  console.error(
    `test:repeat: ${problem}\nusage: npm run test:repeat -- [ROUNDS=10] [--only integration|e2e]`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const { rounds, only } = parseArgs(process.argv.slice(2));
  const chosen = suites.filter((s) => !only || s.name === only);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-test-repeat-'));
  console.log(`\ntest:repeat: ${rounds} rounds of ${chosen.map((s) => s.name).join(' + ')}; logs in ${dir}`);
  const results: TestOutcome[][] = [];
  for (let round = 1; round <= rounds; round++) {
    const outcomesOfRound: TestOutcome[] = [];
    results.push(outcomesOfRound);
    for (const suite of chosen) {
      const report = path.join(dir, `${suite.name}-${round}.json`);
      const logFile = path.join(dir, `${suite.name}-${round}.log`);
      const log = fs.openSync(logFile, 'w');
      const started = Date.now();
      const code = await suite.run(report, log).finally(() => fs.closeSync(log));
      let outcomes: TestOutcome[] | undefined;
      try {
        outcomes = suite.read(report);
      } catch {
        outcomes = undefined; // no report: the runner crashed; this suite's tests count as missing
      }
      outcomesOfRound.push(...(outcomes ?? []), runnerOutcome(suite.name, code, outcomes ?? []));
      const failed = (outcomes ?? []).filter((t) => t.outcome === 'failed').length;
      console.log(
        `round ${round}/${rounds} ${suite.name}: exit ${code}, ${outcomes?.length ?? 'no'} tests, ` +
          `${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s` +
          (code !== 0 ? ` (log: ${logFile})` : ''),
      );
    }
  }
  const tallies = tally(results);
  console.log(`\n${formatTally(tallies, rounds)}`);
  process.exitCode = allPassed(tallies) ? 0 : 1;
}

/**
 * The runner itself as one more row: it fails when the runner exited non-zero with no failed test to show for
 * it (a hook, the global setup, an unhandled error between tests), which the tests' rows would not count.
 */
function runnerOutcome(suite: string, code: number | null, outcomes: TestOutcome[]): TestOutcome {
  const explained = outcomes.some((t) => t.outcome === 'failed');
  return {
    id: `${suite} (runner: setup, hooks, errors outside tests)`,
    outcome: code === 0 || explained ? 'passed' : 'failed',
    durationMs: 0,
  };
}

await main();
