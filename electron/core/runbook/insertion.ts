/**
 * How a value goes into a template: verbatim, shell-quoted for the context it lands in, or not at all.
 * One policy for the linter (which reports the refusals with file:line:col) and the binder (which renders
 * with it, and refuses again, so that a runbook that skipped lint still cannot be rendered unsafely).
 *
 *   shell templates (a shell step's body, `unless`):
 *     - `{{x|sh}}` and every inventory field `{{servers.<role>.<field>}}` are quoted for their context:
 *       a bare word gets 'v' (single quotes), a double-quoted string gets "'v'" (close, quote, reopen), so the
 *       value is one literal piece of the word whatever it holds;
 *     - where no quoting applies (inside '…', a heredoc, `…`, ${…}, $((…))): host, port and user are inserted
 *       verbatim (the inventory restricts them to letters, digits and . : % _ -, inert everywhere), a label or
 *       a `|sh` is refused;
 *     - other variables are verbatim, kept safe by their pattern (lint warns without one), but a `multiline`
 *       variable must be `|sh` in a quotable place: a line break starts a new command.
 *   path templates (a file step's `file`), owner and mode: verbatim; a label (free text, may hold "/") and a
 *     multiline variable are refused.
 *   text (file bodies, `confirm`, manual steps): verbatim; `|sh` quotes as a bare word.
 */
import type { VariableSpec } from './model';
import { QUOTABLE_CONTEXTS, describeContext, shellContexts, type ShellContext } from './shell-context';
import { classifyReference, scanTemplate, shellQuote, type Placeholder, type Reference } from './template';

export type TemplateKind = 'shell' | 'path' | 'attribute' | 'text';

export type RefusalCode = 'unquotable-placeholder' | 'multiline-variable';

export type Insertion =
  | { how: 'verbatim' }
  | { how: 'quote'; context: 'word' | 'double' }
  | { how: 'refuse'; code: RefusalCode; message: string };

/** Inventory fields whose syntax (inventory/schema.ts) holds no character that any shell context reacts to. */
const INERT_SERVER_FIELDS: ReadonlySet<string> = new Set(['host', 'port', 'user']);

export function insertionFor(
  kind: TemplateKind,
  ref: Reference,
  filter: Placeholder['filter'],
  spec: VariableSpec | undefined,
  context: ShellContext = 'word',
): Insertion {
  const shown =
    ref.kind === 'server' ? `servers.${ref.role}.${ref.field}` : ref.kind === 'variable' ? ref.name : '';
  const multiline = ref.kind === 'variable' && spec?.multiline === true;
  if (kind === 'text') return filter === 'sh' ? { how: 'quote', context: 'word' } : { how: 'verbatim' };
  if (kind === 'path' || kind === 'attribute') {
    if (multiline)
      return refuse(
        'multiline-variable',
        `"${shown}" is multiline: a line break cannot be part of a ${what(kind)}`,
      );
    if (ref.kind === 'server' && ref.field === 'label')
      return refuse(
        'unquotable-placeholder',
        `"{{${shown}}}" is free text and cannot be part of a ${what(kind)} (use host, user or a variable with a pattern)`,
      );
    return filter === 'sh' ? { how: 'quote', context: 'word' } : { how: 'verbatim' };
  }
  const quoted = filter === 'sh' || ref.kind === 'server';
  if (!quoted) {
    if (multiline)
      return refuse(
        'multiline-variable',
        `"${shown}" is multiline and must be written {{${shown}|sh}} in a shell command: a line break would start a new command`,
      );
    return { how: 'verbatim' };
  }
  if (QUOTABLE_CONTEXTS.has(context)) return { how: 'quote', context: context as 'word' | 'double' };
  if (ref.kind === 'server' && filter !== 'sh' && INERT_SERVER_FIELDS.has(ref.field))
    return { how: 'verbatim' };
  return refuse(
    multiline ? 'multiline-variable' : 'unquotable-placeholder',
    `"{{${shown}${filter === 'sh' ? '|sh' : ''}}}" cannot be quoted inside ${describeContext(context)}: ` +
      'put it outside, as a word of its own or inside "…"',
  );
}

function refuse(code: RefusalCode, message: string): Insertion {
  return { how: 'refuse', code, message };
}

function what(kind: 'path' | 'attribute'): string {
  return kind === 'path' ? 'file path' : 'file owner or mode';
}

/** The text to insert for a value, once the policy said how. */
export function applyInsertion(insertion: Insertion, value: string): string {
  if (insertion.how === 'verbatim') return value;
  if (insertion.how === 'refuse') throw new Error(insertion.message);
  return insertion.context === 'double' ? `"${shellQuote(value)}"` : shellQuote(value);
}

export interface PlannedInsertion {
  placeholder: Placeholder;
  ref: Reference;
  insertion: Insertion;
}

/** Every valid placeholder of a template with what it refers to and how it will be inserted. */
export function planInsertions(
  text: string,
  kind: TemplateKind,
  specs: ReadonlyMap<string, VariableSpec>,
): PlannedInsertion[] {
  const { parts } = scanTemplate(text);
  const contexts = kind === 'shell' ? shellContexts(parts) : undefined;
  const names = new Set(specs.keys());
  const out: PlannedInsertion[] = [];
  for (const part of parts) {
    if (part.kind !== 'placeholder') continue;
    const ref = classifyReference(part.ref, names);
    const spec = ref.kind === 'variable' ? specs.get(ref.name) : undefined;
    out.push({
      placeholder: part,
      ref,
      insertion: insertionFor(kind, ref, part.filter, spec, contexts?.get(part.offset)),
    });
  }
  return out;
}
