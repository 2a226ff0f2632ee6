import type { Plan, PlannedStep } from '../runbook/bind';
import type { EngineStep } from './engine-types';

/**
 * Maps the binder's planned steps onto what the engine needs. Rendering (real values, secrets included)
 * stays deferred: each engine step calls the plan's render() when it runs, never before.
 */
export function engineStepsOf(plan: Plan): EngineStep[] {
  return plan.steps.map(engineStepOf);
}

function engineStepOf(step: PlannedStep): EngineStep {
  const base = { name: step.name, ref: step.ref, confirm: step.display.confirm ?? undefined };
  switch (step.kind) {
    case 'manual':
      return { ...base, kind: 'manual', display: step.display.text ?? step.text };
    case 'file':
      return {
        ...base,
        kind: 'file',
        target: step.target,
        display: step.display.path ?? step.path,
        ...(step.sensitive !== undefined ? { sensitive: step.sensitive } : {}),
        render: () => {
          const rendered = step.render();
          return {
            path: rendered.path ?? step.path,
            content: rendered.body,
            // Rendered and checked by the binder: the step's own fields may still hold {{placeholders}}.
            mode: rendered.mode,
            owner: rendered.owner,
            sudo: step.sudo,
          };
        },
      };
    case 'shell':
      return {
        ...base,
        kind: 'shell',
        target: step.target,
        display: step.display.body ?? '',
        ...(step.display.unless !== undefined ? { displayUnless: step.display.unless } : {}),
        render: () => {
          const rendered = step.render();
          return {
            command: rendered.body,
            ...(rendered.unless !== undefined ? { unless: rendered.unless } : {}),
          };
        },
        expect: step.expect.length > 0 ? step.expect : [0],
        timeoutMs: step.timeout !== undefined ? step.timeout * 1000 : undefined,
        check: step.check,
      };
  }
}
