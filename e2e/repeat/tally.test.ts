import { describe, expect, it } from 'vitest';
import { allPassed, formatTally, fromPlaywright, fromVitest, tally, type TestOutcome } from './tally';

const vitestReport = {
  testResults: [
    {
      name: '/repo/e2e/integration/a.test.ts',
      assertionResults: [
        {
          fullName: 'shell closes',
          title: 'closes',
          ancestorTitles: ['shell'],
          status: 'passed',
          duration: 120,
        },
        { fullName: 'shell cancels', status: 'failed', duration: 60_000 },
        { fullName: 'later', status: 'skipped', duration: null },
      ],
    },
  ],
};

const playwrightReport = {
  suites: [
    {
      title: 'run.spec.ts',
      file: 'run.spec.ts',
      specs: [
        {
          title: 'guided run',
          file: 'run.spec.ts',
          tests: [{ status: 'expected', results: [{ duration: 900 }] }],
        },
      ],
      suites: [
        {
          title: 'library',
          file: 'run.spec.ts',
          specs: [
            {
              title: 'search',
              file: 'run.spec.ts',
              tests: [{ status: 'flaky', results: [{ duration: 100 }, { duration: 50 }] }],
            },
          ],
        },
      ],
    },
  ],
};

describe('test:repeat tally', () => {
  it('reads vitest reports with ids relative to the checkout', () => {
    expect(fromVitest(vitestReport, 'integration', '/repo')).toEqual([
      { id: 'integration e2e/integration/a.test.ts › shell › closes', outcome: 'passed', durationMs: 120 },
      { id: 'integration e2e/integration/a.test.ts › shell cancels', outcome: 'failed', durationMs: 60_000 },
      { id: 'integration e2e/integration/a.test.ts › later', outcome: 'skipped', durationMs: 0 },
    ]);
  });

  it('reads Playwright reports, nested describes included, and counts a flaky test as failed', () => {
    expect(fromPlaywright(playwrightReport, 'e2e')).toEqual([
      { id: 'e2e run.spec.ts › guided run', outcome: 'passed', durationMs: 900 },
      { id: 'e2e run.spec.ts › library › search', outcome: 'failed', durationMs: 150 },
    ]);
  });

  it('counts per test over rounds; a test absent from a round is missing there, which fails', () => {
    const pass = (id: string, ms = 10): TestOutcome => ({ id, outcome: 'passed', durationMs: ms });
    const tallies = tally([
      [pass('a', 5), pass('b')],
      [pass('a', 7), { id: 'b', outcome: 'failed', durationMs: 3 }],
      [],
    ]);
    expect(tallies).toEqual([
      { id: 'a', passed: 2, failed: 0, skipped: 0, missing: 1, slowestMs: 7 },
      { id: 'b', passed: 1, failed: 1, skipped: 0, missing: 1, slowestMs: 10 },
    ]);
    expect(allPassed(tallies)).toBe(false);
    expect(allPassed(tally([[pass('a')], [pass('a')]]))).toBe(true);
  });

  it('prints failures first and closes on the plain passed/failed line', () => {
    const text = formatTally(
      tally([
        [
          { id: 'ok', outcome: 'passed', durationMs: 1500 },
          { id: 'bad', outcome: 'failed', durationMs: 60_000 },
        ],
      ]),
      1,
    );
    const lines = text.split('\n');
    expect(lines[2]).toBe('| 0/1 | 1 | 60.0 s | bad |');
    expect(lines[3]).toBe('| 1/1 | 0 | 1.5 s | ok |');
    expect(lines.at(-1)).toBe('1 passed, 1 failed');
  });
});
