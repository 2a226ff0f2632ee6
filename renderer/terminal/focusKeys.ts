/**
 * Keys that take the focus out of a terminal, so that a keyboard-only engineer is never trapped in it
 * (WCAG 2.1.2): xterm.js keeps every key for the remote shell, Tab, Esc and F6 included, so without this
 * nothing after the terminal ("Run this step", the step cards) could be reached from it.
 *
 * - **Shift+Tab** and **F6** always leave (backwards, forwards): bash and a login shell bind neither, and
 *   Shift+F6 goes backwards too.
 * - **Tab** leaves as long as nothing was typed in the terminal since it got the focus, so tabbing through
 *   the page passes through the terminal; once the engineer types there, Tab is the shell's completion again.
 * - Back to the terminal: Tab or Shift+Tab onto it, a click, or **F6** from anywhere else on the page.
 * Esc stays the remote program's (vi, less).
 */

export type FocusMove = 'next' | 'previous';

/** The part of a KeyboardEvent this needs (so it can be tested without a DOM). */
export interface KeyStroke {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** Where a key press in the terminal moves the focus, if anywhere; `typed`: a key reached the shell. */
export function focusMoveFor(stroke: KeyStroke, typed: boolean): FocusMove | undefined {
  if (stroke.ctrlKey || stroke.altKey || stroke.metaKey) return undefined;
  if (stroke.key === 'F6') return stroke.shiftKey ? 'previous' : 'next';
  if (stroke.key !== 'Tab') return undefined;
  if (stroke.shiftKey) return 'previous';
  return typed ? undefined : 'next';
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Moves the focus to the focusable element before or after `container` (whose own elements are skipped). */
export function moveFocusOutOf(container: Element, move: FocusMove): void {
  const candidates = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => !container.contains(element) && element.getClientRects().length > 0,
  );
  const after = candidates.filter(
    (element) => container.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING,
  );
  const before = candidates.filter(
    (element) => container.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING,
  );
  // Past either end of the page, around to the other end, as Tab does.
  const target = move === 'next' ? (after[0] ?? before[0]) : (before.at(-1) ?? after.at(-1));
  target?.focus();
}
