/**
 * Pure part of `npm run test:repeat`: reads one round's machine-readable results (vitest's and Playwright's
 * JSON reporters) into outcomes per test, adds rounds up, and prints the table. No I/O here, so the counting
 * is unit-tested on small reports (tally.test.ts).
 */

export type Outcome = 'passed' | 'failed' | 'skipped';

/** One test's outcome in one round; `id` is stable across rounds: suite, file and full title. */
export interface TestOutcome {
  id: string;
  outcome: Outcome;
  durationMs: number;
}

/** What vitest's JSON reporter writes (the fields read here). */
interface VitestReport {
  testResults: Array<{
    name: string;
    assertionResults: Array<{
      fullName: string;
      title?: string;
      ancestorTitles?: string[];
      status: string;
      duration?: number | null;
    }>;
  }>;
}

/** Reads a vitest JSON report; `root` is cut from file names so ids do not depend on the checkout. */
export function fromVitest(report: VitestReport, project: string, root: string): TestOutcome[] {
  return report.testResults.flatMap((file) =>
    file.assertionResults.map((test) => ({
      id: `${project} ${relative(file.name, root)} › ${titlePath(test)}`,
      outcome: vitestOutcome(test.status),
      durationMs: test.duration ?? 0,
    })),
  );
}

/** `describe › test`, as Playwright's ids read; vitest's fullName joins them with spaces. */
function titlePath(test: { fullName: string; title?: string; ancestorTitles?: string[] }): string {
  return test.title === undefined ? test.fullName : [...(test.ancestorTitles ?? []), test.title].join(' › ');
}

function vitestOutcome(status: string): Outcome {
  if (status === 'passed') return 'passed';
  if (status === 'skipped' || status === 'pending' || status === 'todo') return 'skipped';
  return 'failed';
}

/** What Playwright's JSON reporter writes (the fields read here). */
interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: Array<{
    title: string;
    file?: string;
    tests: Array<{ status: string; results: Array<{ duration: number }> }>;
  }>;
  suites?: PlaywrightSuite[];
}

/**
 * Reads a Playwright JSON report. A test's status is Playwright's verdict over its retries: only
 * 'expected' counts as passed ('flaky', passed on a retry, is a failure here; the config has no retries).
 */
export function fromPlaywright(report: { suites: PlaywrightSuite[] }, project: string): TestOutcome[] {
  const out: TestOutcome[] = [];
  // Top-level suites are files (their title is the file name, already in the id); nested ones describes.
  const walk = (suite: PlaywrightSuite, titles: string[], top: boolean) => {
    const path = top ? [] : [...titles, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        out.push({
          id: `${project} ${spec.file ?? suite.file ?? ''} › ${[...path, spec.title].filter(Boolean).join(' › ')}`,
          outcome: test.status === 'expected' ? 'passed' : test.status === 'skipped' ? 'skipped' : 'failed',
          durationMs: test.results.reduce((sum, r) => sum + r.duration, 0),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, path, false);
  };
  for (const suite of report.suites) walk(suite, [], true);
  return out;
}

function relative(file: string, root: string): string {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}

export interface TestTally {
  id: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Rounds in which the test did not report at all (its runner crashed, or it was not collected). */
  missing: number;
  slowestMs: number;
}

/**
 * Adds rounds up; each round holds the outcomes of every suite run in it. A test known from other rounds but
 * absent from one (its runner crashed before reporting, or it was not collected) counts as missing there,
 * which the verdict treats as a failure.
 */
export function tally(rounds: TestOutcome[][]): TestTally[] {
  const byId = new Map<string, TestTally>();
  const entry = (id: string) => {
    let t = byId.get(id);
    if (!t) byId.set(id, (t = { id, passed: 0, failed: 0, skipped: 0, missing: 0, slowestMs: 0 }));
    return t;
  };
  for (const round of rounds) for (const test of round) entry(test.id);
  for (const round of rounds) {
    const seen = new Set<string>();
    for (const test of round) {
      const t = entry(test.id);
      seen.add(test.id);
      t[test.outcome] += 1;
      t.slowestMs = Math.max(t.slowestMs, test.durationMs);
    }
    for (const t of byId.values()) if (!seen.has(t.id)) t.missing += 1;
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** True when every test passed (or was skipped) in every round. */
export function allPassed(tallies: TestTally[]): boolean {
  return tallies.every((t) => t.failed === 0 && t.missing === 0);
}

/** The table, failures first, then the closing `N passed, N failed` line over all test runs. */
export function formatTally(tallies: TestTally[], rounds: number): string {
  const rows = [...tallies].sort(
    (a, b) => b.failed + b.missing - (a.failed + a.missing) || a.id.localeCompare(b.id),
  );
  const lines = [`| passed | failed | slowest | test (${rounds} rounds) |`, '| --- | --- | --- | --- |'];
  for (const t of rows) {
    const failed = t.failed + (t.missing ? ` (+${t.missing} missing)` : '');
    const passed = `${t.passed}/${rounds}` + (t.skipped ? ` (${t.skipped} skipped)` : '');
    lines.push(`| ${passed} | ${failed} | ${(t.slowestMs / 1000).toFixed(1)} s | ${t.id} |`);
  }
  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed + t.missing, 0);
  lines.push('', `${passed} passed, ${failed} failed`);
  return lines.join('\n');
}
