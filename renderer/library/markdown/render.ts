/**
 * Renders a runbook's Markdown body to HTML for the library: CommonMark + GFM tables and task lists,
 * `html: false` (a runbook cannot inject markup), steps as checklist cards, placeholders as chips, headings
 * carrying the section ids of the parsed model. Pure (no DOM), so it is unit-tested in Node.
 */
import MarkdownIt from 'markdown-it';
import type { RunbookDetail, VariableSpec } from '../../api';
import type { FileStep, ShellStep } from '../model';
import type { Translate } from '../../i18n';
import { escapeHtml } from './escape';
import { fenceStepName, parseFenceInfo } from './fenceInfo';
import { highlightCode } from './highlight';
import type { PlaceholderContext } from './placeholders';
import { templateHtml } from './placeholders';
import {
  calloutPlugin,
  headingIdPlugin,
  inlineCodePlugin,
  placeholderPlugin,
  taskListPlugin,
  type RenderEnv,
} from './plugins';
import { stepCardHtml } from './stepCard';

export type RenderableRunbook = Pick<RunbookDetail, 'body' | 'bodyLine' | 'sections' | 'steps' | 'variables'>;

export interface RenderOptions {
  t: Translate;
  /** Preview values for non-secret variables; a placeholder without one shows as a named chip. */
  values?: Readonly<Record<string, string>>;
}

function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.use(placeholderPlugin).use(headingIdPlugin).use(taskListPlugin).use(calloutPlugin);
  md.use(inlineCodePlugin, (text: string, env: RenderEnv) => templateHtml(text, env.ctx));
  md.renderer.rules.fence = (tokens, idx, _options, env: RenderEnv) => {
    const token = tokens[idx]!;
    const name = fenceStepName(token.info);
    const step = name
      ? env.runbook.steps.find((s): s is ShellStep | FileStep => s.name === name && s.kind !== 'manual')
      : undefined;
    if (step) return stepCardHtml(step, env.ctx);
    const { lang } = parseFenceInfo(token.info);
    const body = highlightCode(token.content.replace(/\n$/, ''), lang, env.ctx);
    return `<pre class="code-block"><code class="hljs"${lang ? ` data-lang="${escapeHtml(lang)}"` : ''}>${body}</code></pre>\n`;
  };
  // Links open outside the app (the host decides how); they never navigate the app's own window.
  const defaultLinkOpen =
    md.renderer.rules.link_open ??
    ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = tokens[idx]!.attrGet('href') ?? '';
    if (/^https?:/i.test(href)) {
      tokens[idx]!.attrSet('target', '_blank');
      tokens[idx]!.attrSet('rel', 'noreferrer noopener');
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}

let markdown: MarkdownIt | undefined;

export function placeholderContext(
  variables: readonly VariableSpec[],
  options: RenderOptions,
): PlaceholderContext {
  return {
    t: options.t,
    variables: new Map(variables.map((v) => [v.name, v])),
    values: options.values ?? {},
  };
}

export function renderRunbookHtml(runbook: RenderableRunbook, options: RenderOptions): string {
  markdown ??= createMarkdown();
  const env: RenderEnv = { runbook, ctx: placeholderContext(runbook.variables, options) };
  return markdown.render(runbook.body, env);
}
