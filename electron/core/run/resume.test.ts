import { describe, expect, it } from 'vitest';
import type { Runbook, Step } from '../runbook/model';
import { planResume, ResumeError } from './resume';
import { asEvents, finishedStep, runStarted } from './testing/run-events';

const pos = { file: 'runbooks/deploy.md', line: 1, col: 1 };

function shellStep(name: string, index: number): Step {
  return {
    kind: 'shell',
    name,
    index,
    sectionId: '',
    pos,
    target: 'app',
    lang: 'sh',
    body: 'true',
    expect: [0],
    check: false,
    interactive: false,
  };
}

const runbook: Runbook = {
  id: 'deploy',
  title: 'Procédure de déploiement',
  chapter: '3',
  servers: ['app'],
  variables: [
    { name: 'domain', label: 'Domaine', secret: false, pos },
    { name: 'db_password', label: 'Mot de passe', secret: true, generate: 32, pos },
  ],
  sections: [],
  steps: [
    shellStep('a', 0),
    shellStep('conf', 1),
    { kind: 'manual', name: 'dns', index: 2, sectionId: '', pos, text: 'DNS' },
    shellStep('b', 3),
    shellStep('c', 4),
  ],
  file: 'runbooks/deploy.md',
  source: '',
  body: '',
  bodyLine: 1,
  hash: 'sha256:aaa',
};

describe('planResume', () => {
  it('skips what succeeded, was skipped or ticked, and restarts at the first step that did not finish', () => {
    const plan = planResume(
      asEvents([
        runStarted(),
        finishedStep('a', 'succeeded', 0),
        { type: 'step-skipped', step: 'conf', reason: 'déjà fait', by: 'operator' },
        { type: 'manual-step-ticked', step: 'dns', by: 'bob' },
        { type: 'step-started', step: 'b', target: 'app', command: 'x', attempt: 1 },
        finishedStep('b', 'interrupted', null),
        { type: 'run-finished', outcome: 'interrupted' },
      ]),
      runbook,
    );
    expect(plan).toMatchObject({
      runId: 'r1',
      done: { a: 'succeeded', conf: 'skipped', dns: 'ticked' },
      fromStep: 'b',
      variables: { domain: 'oc-pizzas.com' },
      secretNames: ['db_password'],
      previousOutcome: 'interrupted',
      warnings: [],
    });
  });

  it('carries the highest attempt of each step, so the resumed part numbers on from it', () => {
    const plan = planResume(
      asEvents([
        runStarted(),
        { type: 'step-started', step: 'a', target: 'app', command: 'x', attempt: 1 },
        finishedStep('a', 'succeeded', 0),
        { type: 'step-started', step: 'b', target: 'app', command: 'x', attempt: 1 },
        { type: 'step-started', step: 'b', target: 'app', command: 'x', attempt: 2 },
        { type: 'run-finished', outcome: 'failed' },
      ]),
      runbook,
    );
    expect(plan.attempts).toEqual({ a: 1, b: 2 });
  });

  it('a step that succeeded and then failed on a later attempt is run again', () => {
    const plan = planResume(
      asEvents([runStarted(), finishedStep('a', 'succeeded', 0), finishedStep('a', 'failed', 2)]),
      runbook,
    );
    expect(plan.fromStep).toBe('a');
    expect(plan.previousOutcome).toBe('interrupted'); // no run-finished: the process was killed
  });

  it('refuses when the runbook changed, unless told to accept it (then warns)', () => {
    const events = asEvents([runStarted(), finishedStep('a', 'succeeded', 0)]);
    const changed = { ...runbook, hash: 'sha256:bbb' };
    expect(() => planResume(events, changed)).toThrow(ResumeError);
    expect(() => planResume(events, changed)).toThrow(/changed since run r1/);
    const plan = planResume(events, changed, { allowChangedRunbook: true });
    expect(plan.warnings[0]).toMatch(/^WARNING: .*sha256:aaa.*sha256:bbb/);
  });

  it('refuses another runbook, a succeeded run and a journal without run-started', () => {
    expect(() => planResume(asEvents([runStarted()]), { ...runbook, id: 'other' })).toThrow(
      /ran runbook "deploy"/,
    );
    expect(() =>
      planResume(asEvents([runStarted(), { type: 'run-finished', outcome: 'succeeded' }]), runbook),
    ).toThrow(/nothing to resume/);
    expect(() => planResume(asEvents([{ type: 'run-resumed', fromStep: 'a' }]), runbook)).toThrow(
      /run-started/,
    );
  });

  it('an aborted run can be resumed; a resume after it counts as not finished', () => {
    const plan = planResume(
      asEvents([
        runStarted(),
        { type: 'run-finished', outcome: 'aborted', reason: 'SIGINT' },
        { type: 'run-resumed', fromStep: 'a' },
        finishedStep('a', 'succeeded', 0),
      ]),
      runbook,
    );
    expect(plan).toMatchObject({ previousOutcome: 'interrupted', fromStep: 'conf' });
  });
});
