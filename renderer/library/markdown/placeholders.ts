/**
 * `{{ … }}` placeholders as the reader sees them: chips naming the variable, with its default or example,
 * until the engineer types a preview value. The syntax mirrors electron/core/runbook/template.ts (the
 * renderer may not import core code at runtime): `{{ name }}`, `{{ name | sh }}`, `{{ servers.app.host }}`,
 * `{{ run.id }}`, and `\{{` for a literal.
 */
import type { VariableSpec } from '../../api';
import type { Translate } from '../../i18n';
import { escapeHtml } from './escape';

export interface PlaceholderMatch {
  ref: string;
  filter?: string;
  /** Offset and length of the whole `{{…}}`. */
  offset: number;
  length: number;
}

export type TemplatePiece = { text: string } | PlaceholderMatch;

const PLACEHOLDER =
  /(\\?)\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*(?:\|\s*([A-Za-z_][A-Za-z0-9_]*)\s*)?\}\}/g;

/** Splits template text into literal pieces and placeholders. `\{{x}}` stays literal (without the backslash). */
export function splitTemplate(text: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let literal = '';
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const offset = m.index;
    literal += text.slice(last, offset);
    last = offset + m[0].length;
    if (m[1]) {
      literal += m[0].slice(1);
      continue;
    }
    if (literal) pieces.push({ text: literal });
    literal = '';
    const match: PlaceholderMatch = { ref: m[2]!, offset, length: m[0].length };
    if (m[3]) match.filter = m[3];
    pieces.push(match);
  }
  literal += text.slice(last);
  if (literal) pieces.push({ text: literal });
  return pieces;
}

/** Reads `{{` at `pos` in `src` (for the inline Markdown rule); undefined when it is not a placeholder. */
export function placeholderAt(src: string, pos: number): PlaceholderMatch | undefined {
  PLACEHOLDER.lastIndex = pos;
  const m = PLACEHOLDER.exec(src);
  PLACEHOLDER.lastIndex = 0;
  if (!m || m.index !== pos || m[1]) return undefined;
  const match: PlaceholderMatch = { ref: m[2]!, offset: pos, length: m[0].length };
  if (m[3]) match.filter = m[3];
  return match;
}

export interface PlaceholderContext {
  t: Translate;
  variables: ReadonlyMap<string, VariableSpec>;
  /** Preview values typed by the engineer, by variable name. Never contains secrets. */
  values: Readonly<Record<string, string>>;
}

const CHIP_LABEL_MAX = 40;

/**
 * The label as a chip shows it: without its parenthetical precision and cut at a word near 40 characters,
 * so commands stay readable; the tooltip keeps the whole label.
 */
export function chipLabel(label: string): string {
  const short = label.replace(/\s*\([^)]*\)\s*/g, ' ').trim() || label;
  if (short.length <= CHIP_LABEL_MAX) return short;
  const cut = short.lastIndexOf(' ', CHIP_LABEL_MAX - 1);
  return `${short.slice(0, cut > CHIP_LABEL_MAX / 2 ? cut : CHIP_LABEL_MAX - 1).replace(/[\s,;:.'’-]+$/, '')}…`;
}

/** The chip for one placeholder: label + default/example, or the preview value once given. */
/**
 * What a chip stands for when its text is copied (copyText.ts): the value as the run would insert it (`|sh`
 * quoted), else the placeholder as written. Never a secret: the caller passes none for them.
 */
function copyAttr(match: PlaceholderMatch, value: string | undefined): string {
  const copy =
    value === undefined || value === ''
      ? `{{${match.ref}${match.filter ? `|${match.filter}` : ''}}}`
      : match.filter === 'sh'
        ? `'${value.replace(/'/g, `'\\''`)}'`
        : value;
  return `data-copy="${escapeHtml(copy)}"`;
}

export function placeholderHtml(match: PlaceholderMatch, ctx: PlaceholderContext): string {
  const { ref } = match;
  const spec = ctx.variables.get(ref);
  if (!spec) {
    const kind = ref.startsWith('servers.')
      ? 'server'
      : ref.startsWith('run.') || ref.startsWith('runbook.')
        ? 'builtin'
        : 'unknown';
    const title = ctx.t(
      kind === 'server' ? 'var.server' : kind === 'builtin' ? 'var.builtin' : 'var.unknown',
      {
        ref,
      },
    );
    return `<span class="ph ph-${kind}" data-ref="${escapeHtml(ref)}" ${copyAttr(match, undefined)} title="${escapeHtml(title)}"><span class="ph-name">${escapeHtml(ref)}</span></span>`;
  }
  const hintText = spec.default ?? spec.example;
  const titleLines = [`{{${ref}}} — ${spec.label}`];
  if (spec.default !== undefined) titleLines.push(ctx.t('var.default', { value: spec.default }));
  else if (spec.example !== undefined) titleLines.push(ctx.t('var.example', { value: spec.example }));
  if (spec.pattern) titleLines.push(ctx.t('var.pattern', { pattern: spec.pattern }));
  if (spec.secret) titleLines.push(ctx.t('var.secretNote'));
  const title = escapeHtml(titleLines.join('\n'));
  const value = spec.secret ? undefined : ctx.values[ref];
  // Copied as the run would use it: the preview value, else the default (never for a secret).
  const copied = spec.secret ? undefined : value || spec.default;
  const attrs = `data-ref="${escapeHtml(ref)}" ${copyAttr(match, copied)} title="${title}"`;
  if (spec.secret) {
    return `<span class="ph ph-var ph-secret" ${attrs}><span class="ph-name">${escapeHtml(chipLabel(spec.label))}</span><span class="ph-hint">${escapeHtml(ctx.t('var.secret'))}</span></span>`;
  }
  if (value) {
    return `<span class="ph ph-var ph-filled" ${attrs}><span class="ph-value">${escapeHtml(value)}</span></span>`;
  }
  const hint =
    hintText !== undefined
      ? `<span class="ph-hint">${spec.default !== undefined ? '' : 'ex. '}${escapeHtml(hintText)}</span>`
      : '';
  return `<span class="ph ph-var" ${attrs}><span class="ph-name">${escapeHtml(chipLabel(spec.label))}</span>${hint}</span>`;
}

/** Escaped template text with every placeholder replaced by its chip (for paths, prompts, inline code). */
export function templateHtml(text: string, ctx: PlaceholderContext): string {
  return splitTemplate(text)
    .map((piece) => ('ref' in piece ? placeholderHtml(piece, ctx) : escapeHtml(piece.text)))
    .join('');
}
