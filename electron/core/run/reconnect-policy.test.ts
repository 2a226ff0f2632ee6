import { describe, expect, it } from 'vitest';
import type { EngineStep } from './engine-types';
import { pausesForLostShell, setupStepsToReplay } from './reconnect-policy';

const shell = (name: string, target: 'app' | 'db', check = false): EngineStep => ({
  kind: 'shell',
  name,
  target,
  display: name,
  render: () => ({ command: name }),
  expect: [0],
  check,
});
const file = (name: string): EngineStep => ({
  kind: 'file',
  name,
  target: 'app',
  display: `/etc/${name}`,
  render: () => ({ path: `/etc/${name}`, content: '', sudo: false }),
});
const manual: EngineStep = { kind: 'manual', name: 'tick', display: 'Vérifier le DNS' };

describe('pausesForLostShell', () => {
  const lost = new Map([['app', 'reset']] as const);
  it('pauses in front of any step on the lost server, not on others nor manual steps', () => {
    expect(pausesForLostShell(shell('a', 'app'), lost)).toBe(true);
    expect(pausesForLostShell(shell('c', 'app', true), lost)).toBe(true);
    expect(pausesForLostShell(file('f'), lost)).toBe(true);
    expect(pausesForLostShell(shell('b', 'db'), lost)).toBe(false);
    expect(pausesForLostShell(manual, lost)).toBe(false);
  });
});

describe('setupStepsToReplay', () => {
  const steps = [
    shell('cd', 'app'),
    shell('resumed', 'app'),
    shell('on-db', 'db'),
    shell('probe', 'app', true),
    file('conf'),
    shell('skipped', 'app'),
    shell('failed-then-skipped', 'app'),
    manual,
    shell('env', 'app'),
    shell('current', 'app'),
    shell('later', 'app'),
  ];
  const records: Record<string, { status?: string; attempts: number }> = {
    cd: { status: 'succeeded', attempts: 1 },
    resumed: { status: 'succeeded', attempts: 0 }, // done in an earlier part of a resumed run
    'on-db': { status: 'succeeded', attempts: 1 },
    probe: { status: 'succeeded', attempts: 1 },
    conf: { status: 'succeeded', attempts: 1 },
    skipped: { status: 'skipped', attempts: 1 },
    'failed-then-skipped': { status: 'skipped', attempts: 2 },
    tick: { status: 'ticked', attempts: 0 },
    env: { status: 'succeeded', attempts: 2 },
    current: { status: 'interrupted', attempts: 1 },
    later: { attempts: 0 },
  };
  const record = (name: string) => records[name] ?? { attempts: 0 };

  it('is the succeeded, non-check shell steps of that server before the current one, in order', () => {
    expect(setupStepsToReplay(steps, steps.indexOf(steps[9]!), 'app', record)).toEqual(['cd', 'env']);
  });

  it('is per server, and empty before any step ran', () => {
    expect(setupStepsToReplay(steps, 9, 'db', record)).toEqual(['on-db']);
    expect(setupStepsToReplay(steps, 0, 'app', record)).toEqual([]);
  });
});
