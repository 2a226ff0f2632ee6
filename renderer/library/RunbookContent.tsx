import { useEffect, useMemo, useRef, type ClipboardEvent, type MouseEvent } from 'react';
import type { RunbookDetail } from '../api';
import { useI18n } from '../i18n';
import { useToast } from '../ui';
import { copyTextOf } from './copyText';
import { renderRunbookHtml } from './markdown/render';

interface RunbookContentProps {
  runbook: RunbookDetail;
  values: Readonly<Record<string, string>>;
  /** A step name or section id to scroll to and highlight. */
  anchor?: string;
  /** Changes on every navigation, so jumping again to the same anchor scrolls again. */
  visit: number;
}

/** Finds the element for an anchor: a step first (search hits), else a heading (outline). */
export function anchorElement(root: HTMLElement, anchor: string): HTMLElement | null {
  return (
    root.querySelector<HTMLElement>(`[id="${CSS.escape(`step-${anchor}`)}"]`) ??
    root.querySelector<HTMLElement>(`[id="${CSS.escape(`sec-${anchor}`)}"]`)
  );
}

/**
 * The runbook's body. The HTML comes from renderRunbookHtml, which escapes everything from the runbook
 * (markdown-it with html: false; attributes escaped), so injecting it is safe.
 */
export function RunbookContent({ runbook, values, anchor, visit }: RunbookContentProps) {
  const { t, language } = useI18n();
  const notify = useToast();
  const root = useRef<HTMLDivElement>(null);
  const html = useMemo(
    () => renderRunbookHtml(runbook, { t, values }),
    // t changes with the language; values with each keystroke in the variables panel.
    [runbook, t, values],
  );

  useEffect(() => {
    if (!anchor || !root.current) return;
    const target = anchorElement(root.current, anchor);
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
    target.classList.remove('is-target');
    void target.offsetWidth; // restart the highlight animation on a repeated jump
    target.classList.add('is-target');
    // Not on `html`: typing a preview value re-renders the body but must not jump back to the anchor.
  }, [anchor, visit]);

  // A selection copied by hand: placeholders as they will run, not their chips' labels (copyText.ts).
  const onCopy = (event: ClipboardEvent<HTMLDivElement>) => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const fragment = selection.getRangeAt(0).cloneContents();
    event.clipboardData.setData('text/plain', copyTextOf(fragment));
    event.preventDefault();
  };
  // A code block's copy button (markdown/stepCard.ts), through delegation: the HTML is a string.
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const button = (event.target as Element).closest('[data-copy-code]');
    const code = button?.closest('figure')?.querySelector('pre');
    if (!code) return;
    navigator.clipboard
      ?.writeText(copyTextOf(code))
      .then(() => notify(t('step.copied'), 'success'))
      .catch((error: Error) => notify(error.message, 'error'));
  };

  return (
    <div
      ref={root}
      className="markdown"
      lang="fr"
      data-ui-lang={language}
      onCopy={onCopy}
      onClick={onClick}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
