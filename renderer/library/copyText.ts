/**
 * The text of a piece of a runbook page as it should be copied. Placeholders are drawn as chips holding a
 * label and a hint ("Commande supervisorctl" + "supervisorctl"), so the browser's own copy put those labels
 * into the command; each chip says what it stands for in `data-copy` (markdown/placeholders.ts), and this
 * reads that instead of the chip's text.
 */
export function copyTextOf(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node instanceof Element) {
    const copy = node.getAttribute('data-copy');
    if (copy !== null) return copy;
    // The copy button's own label is not part of the code.
    if (node.hasAttribute('data-copy-code')) return '';
  }
  let text = '';
  for (const child of node.childNodes) text += copyTextOf(child);
  return text;
}
