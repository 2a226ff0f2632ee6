import { describe, expect, it } from 'vitest';
import { runConcerns } from './run-concerns';
import { asEvents, finishedStep, runStarted } from './testing/run-events';

const started = (step: string, attempt = 1) => ({
  type: 'step-started' as const,
  step,
  target: 'app' as const,
  attempt,
});

describe('runConcerns', () => {
  it('names a failed step the engineer skipped, and counts the warnings of each last attempt', () => {
    const events = asEvents([
      runStarted(),
      started('a'),
      finishedStep('a', 'succeeded', 0, 'AVERTISSEMENT: Debian 11 n’a plus de support\nok\n'),
      started('b'),
      finishedStep('b', 'failed', 1, 'WARNING: disk almost full\nerreur\n'),
      { type: 'step-skipped', step: 'b', reason: 'vérifié à la main', by: 'operator' },
      started('c'),
      finishedStep('c', 'succeeded', 0, 'pas d’AVERTISSEMENT: ici (pas en début de ligne)\n'),
      { type: 'run-finished', outcome: 'succeeded' },
    ]);
    expect(runConcerns(events)).toEqual({ skippedFailures: ['b'], warnings: 2 });
  });

  it('does not count a step that passed on retry, a step skipped before it ran, or unless skips', () => {
    const events = asEvents([
      runStarted(),
      started('a'),
      finishedStep('a', 'failed', 1, 'AVERTISSEMENT: premier essai\n'),
      started('a', 2),
      finishedStep('a', 'succeeded', 0, 'ok\n'),
      { type: 'step-skipped', step: 'b', reason: 'pas utile ici', by: 'operator' },
      { type: 'step-skipped', step: 'c', reason: 'already done: its unless command succeeded', by: 'unless' },
      { type: 'run-finished', outcome: 'succeeded' },
    ]);
    expect(runConcerns(events)).toEqual({ skippedFailures: [], warnings: 0 });
  });
});
