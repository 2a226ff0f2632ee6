import { describe, expect, it } from 'vitest';
import { lintRunbook } from '../electron/core/runbook/lint';
import { benchRunbook, generatedRunbookSource } from './runbook-source';

describe('bench runbooks', () => {
  it('parses the steps the bench writes, with their targets and check flags', () => {
    const runbook = benchRunbook(
      't',
      ['app', 'db'],
      [
        { name: 'a', target: 'app', body: 'true' },
        { name: 'b', target: 'db', body: 'uptime', check: true },
      ],
    );
    expect(
      runbook.steps.map((s) => [s.name, s.kind === 'shell' && s.target, s.kind === 'shell' && s.check]),
    ).toEqual([
      ['a', 'app', false],
      ['b', 'db', true],
    ]);
  });
  it('generates runbooks that lint without errors (the figure must time the normal path)', () => {
    for (const n of [0, 1, 7, 999]) {
      const errors = lintRunbook(generatedRunbookSource(n), `gen-${n}.md`).filter(
        (d) => d.severity === 'error',
      );
      expect(errors).toEqual([]);
    }
  });
});
