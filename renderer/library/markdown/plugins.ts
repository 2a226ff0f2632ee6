/**
 * markdown-it plugins for runbook bodies. Each reads the runbook being rendered from `env` (RenderEnv), so
 * one MarkdownIt instance serves every runbook.
 */
import type MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import type { RunbookDetail } from '../../api';
import type { ManualStep } from '../model';
import { escapeHtml } from './escape';
import {
  placeholderAt,
  placeholderHtml,
  type PlaceholderContext,
  type PlaceholderMatch,
} from './placeholders';

export interface RenderEnv {
  runbook: Pick<RunbookDetail, 'sections' | 'steps' | 'bodyLine'>;
  ctx: PlaceholderContext;
}

export function sectionDomId(id: string): string {
  return `sec-${id}`;
}

const WORD_TAIL = /^[A-Za-z0-9_.\-/]+/;

/**
 * `{{ name }}` in prose becomes a chip. An inline rule (not a text rewrite) so `_` in names is not emphasis.
 * A word built around placeholders (`{{db_name}}_avant_restauration_{{run.date}}`) is read as one unit, so
 * its underscores stay literal instead of turning the middle into italics.
 */
export function placeholderPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('emphasis', 'rb_placeholder', (state: StateInline, silent: boolean) => {
    if (state.src.charCodeAt(state.pos) !== 0x7b || state.src.charCodeAt(state.pos + 1) !== 0x7b)
      return false;
    const first = placeholderAt(state.src, state.pos);
    if (!first) return false;
    let pos = state.pos;
    for (let match: PlaceholderMatch | undefined = first; match; match = placeholderAt(state.src, pos)) {
      if (!silent) state.push('rb_placeholder', '', 0).meta = match;
      pos += match.length;
      const tail = WORD_TAIL.exec(state.src.slice(pos, state.posMax))?.[0];
      if (!tail) continue;
      if (!silent) state.push('text', '', 0).content = tail;
      pos += tail.length;
    }
    state.pos = pos;
    return true;
  });
  md.renderer.rules['rb_placeholder'] = (tokens, idx, _options, env: RenderEnv) =>
    placeholderHtml(tokens[idx]!.meta as PlaceholderMatch, env.ctx);
}

/** Finds the item of `items` whose source line is `line`, else the next one not yet used, in document order. */
function matchByLine<T extends { pos: { line: number } }>(
  items: T[],
  used: Set<T>,
  line: number | undefined,
) {
  const exact =
    line === undefined ? undefined : items.find((item) => item.pos.line === line && !used.has(item));
  const found = exact ?? items.find((item) => !used.has(item));
  if (found) used.add(found);
  return found;
}

function fileLine(token: Token, env: RenderEnv): number | undefined {
  return token.map ? env.runbook.bodyLine + token.map[0] : undefined;
}

/**
 * Headings get the parsed section's id, so the outline (runbook.sections) can jump to them, and move one
 * level down: the page's only <h1> is the runbook title in its header, so a runbook's `# …` becomes <h2>.
 */
export function headingIdPlugin(md: MarkdownIt): void {
  md.core.ruler.push('rb_heading_ids', (state: StateCore) => {
    const env = state.env as RenderEnv;
    const used = new Set<RunbookDetail['sections'][number]>();
    for (const token of state.tokens) {
      if (token.type === 'heading_open' || token.type === 'heading_close') {
        token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 1)}`;
      }
      if (token.type !== 'heading_open') continue;
      const section = matchByLine(env.runbook.sections, used, fileLine(token, env));
      if (section) token.attrSet('id', sectionDomId(section.id));
    }
  });
}

const TASK = /^\[([ xX])\]\s+/;

/**
 * GFM task items (`- [ ] Vérifier…`) are the runbook's manual steps: a read-only checkbox, and the step's
 * anchor so that a search hit can jump to it.
 */
export function taskListPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'rb_task_lists', (state: StateCore) => {
    const env = state.env as RenderEnv;
    const manual = env.runbook.steps.filter((s): s is ManualStep => s.kind === 'manual');
    const used = new Set<ManualStep>();
    const tokens = state.tokens;
    for (let i = 2; i < tokens.length; i++) {
      const inline = tokens[i]!;
      const item = tokens[i - 2]!;
      if (
        inline.type !== 'inline' ||
        tokens[i - 1]!.type !== 'paragraph_open' ||
        item.type !== 'list_item_open'
      )
        continue;
      const match = TASK.exec(inline.content);
      const first = inline.children?.[0];
      if (!match || !first || first.type !== 'text' || !first.content.startsWith(match[0])) continue;
      first.content = first.content.slice(match[0].length);
      const step = matchByLine(manual, used, fileLine(item, env));
      item.attrJoin('class', 'task-item');
      if (step) {
        item.attrSet('id', `step-${step.name}`);
        item.attrSet('data-step', step.name);
      }
      const box = new state.Token('rb_task_box', '', 0);
      box.meta = { checked: match[1] !== ' ' };
      inline.children!.unshift(box);
    }
  });
  md.renderer.rules['rb_task_box'] = (tokens, idx) =>
    `<input type="checkbox" class="task-box" disabled${(tokens[idx]!.meta as { checked: boolean }).checked ? ' checked' : ''} aria-readonly="true" tabindex="-1"> `;
}

const CALLOUTS: Array<[RegExp, 'note' | 'warning' | 'tip']> = [
  [/^\*\*(attention|avertissement|important|danger|warning|caution)\b/i, 'warning'],
  [/^\*\*(note|remarque|info|information)\b/i, 'note'],
  [/^\*\*(astuce|conseil|tip)\b/i, 'tip'],
];
const GITHUB_ALERT = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/;
const GITHUB_KINDS: Record<string, 'note' | 'warning' | 'tip'> = {
  NOTE: 'note',
  TIP: 'tip',
  IMPORTANT: 'warning',
  WARNING: 'warning',
  CAUTION: 'warning',
};

/** `> **Note** …` and `> **Attention** …` (or GitHub's `> [!WARNING]`) become styled callouts. */
export function calloutPlugin(md: MarkdownIt): void {
  md.core.ruler.push('rb_callouts', (state: StateCore) => {
    const tokens = state.tokens;
    for (let i = 0; i + 2 < tokens.length; i++) {
      const open = tokens[i]!;
      const inline = tokens[i + 2]!;
      if (
        open.type !== 'blockquote_open' ||
        tokens[i + 1]!.type !== 'paragraph_open' ||
        inline.type !== 'inline'
      ) {
        continue;
      }
      let kind = CALLOUTS.find(([re]) => re.test(inline.content))?.[1];
      const alert = GITHUB_ALERT.exec(inline.content);
      const first = inline.children?.[0];
      if (!kind && alert && first?.type === 'text') {
        kind = GITHUB_KINDS[alert[1]!];
        first.content = first.content.replace(GITHUB_ALERT, '');
        open.attrSet('data-callout-label', alert[1]!.charAt(0) + alert[1]!.slice(1).toLowerCase());
      }
      if (!kind) continue;
      open.attrJoin('class', `callout callout-${kind}`);
      open.attrSet('role', 'note');
    }
  });
}

/** Inline code keeps its placeholders visible as chips. */
export function inlineCodePlugin(md: MarkdownIt, html: (text: string, env: RenderEnv) => string): void {
  md.renderer.rules.code_inline = (tokens, idx, _options, env: RenderEnv) =>
    `<code>${html(tokens[idx]!.content, env)}</code>`;
}

export { escapeHtml };
