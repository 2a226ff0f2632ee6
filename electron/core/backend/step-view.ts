import type { Runbook, Step } from '../runbook/model';
import { templateRefs } from '../runbook/template';
import type { StepView } from '../contract/types';

/** Strips the Markdown a one-line label does not need: emphasis, code ticks, links. */
function plainLine(markdown: string): string {
  const first = markdown.split('\n').find((line) => line.trim() !== '') ?? '';
  return first
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*`]+/g, '') // not '_': it is part of {{variable_names}}
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
    .trim();
}

/** Every template of a step: whatever the binder fills is a place a variable can be used. */
function templatesOf(step: Step): string[] {
  const texts = [step.confirm ?? ''];
  if (step.kind === 'shell') texts.push(step.body, step.unless ?? '');
  else if (step.kind === 'file') texts.push(step.body, step.path, step.owner ?? '', step.mode ?? '');
  else texts.push(step.text);
  return texts;
}

const MAX_TITLE = 120;

/** The display fields of a step: a label for lists, and the variables it uses (names, never values). */
export function toStepView(runbook: Runbook, step: Step): StepView {
  const declared = new Set(runbook.variables.map((v) => v.name));
  const variables: string[] = [];
  for (const text of templatesOf(step)) {
    for (const placeholder of templateRefs(text)) {
      if (declared.has(placeholder.ref) && !variables.includes(placeholder.ref))
        variables.push(placeholder.ref);
    }
  }
  const candidates = [
    step.kind === 'manual' ? plainLine(step.text) : '',
    step.confirm ? plainLine(step.confirm) : '',
    step.description ? plainLine(step.description) : '',
    step.kind === 'file' ? step.path : '',
  ];
  let title = candidates.find((c) => c !== '') ?? step.name;
  if (title.length > MAX_TITLE) title = title.slice(0, MAX_TITLE - 1) + '…';
  return { ...step, title, variables };
}
