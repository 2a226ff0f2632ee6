/**
 * The HTML of one step as a checklist card: number, name, dossier reference, target-server badge, its
 * nature (confirmation, read-only check, file to install with path/mode/owner, `unless` guard…) and its
 * highlighted command. Read-only: in the library nothing runs.
 */
import type { FileStep, ShellStep } from '../model';
import { roleBadgeHtml } from '../../ui/badgeSpec';
import { escapeHtml } from './escape';
import { highlightCode } from './highlight';
import { templateHtml, type PlaceholderContext } from './placeholders';

export function stepDomId(name: string): string {
  return `step-${name}`;
}

function fact(kind: string, html: string): string {
  return `<li class="step-fact step-fact-${kind}">${html}</li>`;
}

function codeBlock(code: string, lang: string, ctx: PlaceholderContext, label: string): string {
  const body = highlightCode(code.replace(/\n$/, ''), lang, ctx);
  // The copy button copies the code as it will run (preview values in, placeholders otherwise): RunbookContent.
  const copy = `<button type="button" class="step-copy" data-copy-code>${escapeHtml(ctx.t('step.copy'))}</button>`;
  return `<figure class="step-code"><figcaption class="step-code-label">${escapeHtml(label)}${lang ? ` · <span class="step-lang">${escapeHtml(lang)}</span>` : ''}${copy}</figcaption><pre><code class="hljs">${body}</code></pre></figure>`;
}

export function stepCardHtml(step: ShellStep | FileStep, ctx: PlaceholderContext): string {
  const { t } = ctx;
  const facts: string[] = [];
  if (step.confirm) {
    facts.push(
      fact(
        'confirm',
        `<strong>${escapeHtml(t('step.confirm'))}</strong> « ${templateHtml(step.confirm, ctx)} »`,
      ),
    );
  }
  if (step.kind === 'shell') {
    if (step.check) facts.push(fact('check', escapeHtml(t('step.check'))));
    if (step.interactive) facts.push(fact('interactive', escapeHtml(t('step.interactive'))));
    if (step.expect.length > 0 && !(step.expect.length === 1 && step.expect[0] === 0)) {
      facts.push(fact('expect', escapeHtml(t('step.expect', { codes: step.expect.join(', ') }))));
    }
  } else {
    const extras = [
      step.mode ? escapeHtml(t('step.mode', { mode: step.mode })) : '',
      step.owner ? escapeHtml(t('step.owner', { owner: step.owner })) : '',
      step.sudo ? escapeHtml(t('step.sudo')) : '',
    ].filter(Boolean);
    facts.push(
      fact(
        'file',
        `<strong>${escapeHtml(t('step.file'))}</strong> <code class="step-path">${templateHtml(step.path, ctx)}</code>${extras.length ? ` <span class="step-file-extras">${extras.join(' · ')}</span>` : ''}`,
      ),
    );
  }
  if (step.timeout !== undefined)
    facts.push(fact('timeout', escapeHtml(t('step.timeout', { seconds: step.timeout }))));

  const unless =
    step.kind === 'shell' && step.unless ? codeBlock(step.unless, 'sh', ctx, t('step.unless')) : '';
  const label = step.kind === 'file' ? t('step.content') : t('step.command');
  const id = escapeHtml(stepDomId(step.name));
  return [
    `<section class="step-card step-${step.kind}${step.kind === 'shell' && step.check ? ' step-is-check' : ''}" id="${id}" data-step="${escapeHtml(step.name)}" aria-labelledby="${id}-title">`,
    `<header class="step-head">`,
    `<span class="step-box" aria-hidden="true"></span>`,
    `<span class="step-number">${escapeHtml(t('step.title', { index: step.index + 1 }))}</span>`,
    `<span class="step-name" id="${id}-title">${escapeHtml(step.name)}</span>`,
    step.ref ? `<span class="step-ref">§ ${escapeHtml(step.ref)}</span>` : '',
    `<span class="step-target" title="${escapeHtml(t('step.target'))}">${roleBadgeHtml(step.target, t)}</span>`,
    `</header>`,
    facts.length ? `<ul class="step-facts">${facts.join('')}</ul>` : '',
    codeBlock(step.body, step.lang, ctx, label),
    unless,
    `</section>`,
  ].join('');
}
