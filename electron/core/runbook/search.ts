/**
 * Full-text search over loaded runbooks. Pure TypeScript on the model (it also runs in the renderer).
 * Case- and accent-insensitive; every term must occur in the hit (a step, a section or a runbook);
 * matches in a step's name or body weigh most, so "collectstatic" lands on the step that runs it.
 */
import type { Runbook, Step } from './model';
import { foldText } from './text';

export interface SearchHit {
  runbookId: string;
  stepName?: string;
  sectionId?: string;
  kind: 'runbook' | 'section' | 'step';
  title: string;
  /** The line where the first term matched, trimmed around it. */
  snippet: string;
  /** 1-based line of the snippet in the runbook file. */
  line: number;
  score: number;
}

interface Field {
  text: string;
  weight: number;
  /** File line of the field's first line; multi-line fields count lines from there. */
  line: number;
}

export function searchRunbooks(runbooks: Runbook[], query: string, limit = 50): SearchHit[] {
  const terms = foldText(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  const hits: SearchHit[] = [];
  runbooks.forEach((rb) => {
    const rbFields: Field[] = [
      { text: rb.title, weight: 7, line: 1 },
      { text: rb.id, weight: 7, line: 1 },
      { text: rb.summary ?? '', weight: 3, line: 1 },
    ];
    push(hits, terms, rbFields, [], { runbookId: rb.id, kind: 'runbook', title: rb.title, line: 1 });
    for (const section of rb.sections) {
      push(hits, terms, [{ text: section.title, weight: 5, line: section.pos.line }], [], {
        runbookId: rb.id,
        sectionId: section.id,
        kind: 'section',
        title: `${rb.title} › ${section.title}`,
        line: section.pos.line,
      });
    }
    for (const step of rb.steps) {
      const section = rb.sections.find((s) => s.id === step.sectionId);
      // Context fields let "deploiement collectstatic" match, but only add a little to the score.
      const context: Field[] = [
        { text: section?.title ?? '', weight: 1, line: section?.pos.line ?? step.pos.line },
        { text: rb.title, weight: 0.5, line: 1 },
      ];
      push(hits, terms, stepFields(step), context, {
        runbookId: rb.id,
        stepName: step.name,
        sectionId: step.sectionId || undefined,
        kind: 'step',
        title: `${rb.title} › ${step.kind === 'manual' ? step.text : step.name}`,
        line: step.pos.line,
      });
    }
  });
  return hits.sort((a, b) => b.score - a.score).slice(0, limit);
}

function stepFields(step: Step): Field[] {
  const line = step.pos.line;
  const fields: Field[] = [
    { text: step.name, weight: 10, line },
    { text: step.description ?? '', weight: 3, line: Math.max(1, line - 1) },
    { text: step.confirm ?? '', weight: 3, line },
  ];
  if (step.kind === 'manual') fields.push({ text: step.text, weight: 8, line });
  else {
    fields.push({ text: step.body, weight: 8, line: line + 1 });
    if (step.kind === 'file') fields.push({ text: step.path, weight: 8, line });
    if (step.kind === 'shell') fields.push({ text: step.unless ?? '', weight: 6, line });
  }
  return fields;
}

/** Adds a hit when every term is found in `fields` or `context`; the snippet comes from the best field. */
function push(
  hits: SearchHit[],
  terms: string[],
  fields: Field[],
  context: Field[],
  hit: Omit<SearchHit, 'snippet' | 'score'>,
) {
  const all = [...fields, ...context].map((f) => ({ ...f, folded: foldText(f.text) }));
  let score = 0;
  let best: { field: (typeof all)[number]; at: number; weight: number } | undefined;
  for (const term of terms) {
    let termBest: typeof best;
    for (const field of all) {
      const at = field.folded.indexOf(term);
      if (at >= 0 && (!termBest || field.weight > termBest.weight))
        termBest = { field, at, weight: field.weight };
    }
    if (!termBest) return;
    score += termBest.weight;
    if (!best || termBest.weight > best.weight) best = termBest;
  }
  if (!best || !fields.some((f) => terms.some((t) => foldText(f.text).includes(t)))) return; // context alone is not a hit
  const { text, line } = best.field;
  // foldText keeps offsets for French text (one accented letter -> one letter), close enough for a snippet.
  const before = text.slice(0, best.at);
  const lineIndex = before.split('\n').length - 1;
  const lineText = text.split('\n')[lineIndex] ?? '';
  const col = best.at - (before.lastIndexOf('\n') + 1);
  hits.push({ ...hit, snippet: clip(lineText, col), line: line + lineIndex, score });
}

function clip(line: string, at: number, width = 120): string {
  const text = line.trim();
  if (text.length <= width) return text;
  const shift = line.length - line.trimStart().length;
  const start = Math.max(0, Math.min(at - shift - width / 3, text.length - width));
  return (
    (start > 0 ? '…' : '') +
    text.slice(start, start + width).trim() +
    (start + width < text.length ? '…' : '')
  );
}
