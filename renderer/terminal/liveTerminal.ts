import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import { terminalTheme } from './theme';

export interface LiveTerminal {
  term: Terminal;
  fit: FitAddon;
  search: SearchAddon;
}

/** Opens links in the system browser (Electron's main process routes window.open there), never in the app. */
function openLink(_event: MouseEvent, uri: string): void {
  if (/^https?:\/\//i.test(uri)) window.open(uri, '_blank', 'noopener,noreferrer');
}

/**
 * The xterm.js instance of a live server terminal, with its addons, opened in `element`. One place, so that
 * the terminal view and the bench's reference terminal (benchXterm.ts) are the same terminal.
 */
export function openLiveTerminal(element: HTMLElement): LiveTerminal {
  const term = new Terminal({
    // A steady cursor: xterm.js's DOM renderer blinks it with an endless CSS animation, which Chromium
    // services at 60 frames a second: a focused terminal doing nothing kept 14 % of a core busy without a
    // GPU (3 % with a steady cursor; measured in the run page, docs/bench.md).
    cursorBlink: false,
    convertEol: false,
    scrollback: 5000,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    fontSize: 13,
    theme: terminalTheme(),
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fit);
  term.loadAddon(search);
  term.loadAddon(new WebLinksAddon(openLink));
  term.open(element);
  return { term, fit, search };
}
