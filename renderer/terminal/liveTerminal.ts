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

/**
 * The xterm.js instance of a live server terminal, with its addons, opened in `element`. One place, so that
 * the terminal view and the bench's reference terminal (benchXterm.ts) are the same terminal.
 *
 * Links never open from here: a click on one, an OSC 8 hyperlink (whose visible text may say anything) or a
 * URL found in the text (web-links addon), goes to `onLink`, which shows the app's own dialog
 * (LinkDialog.tsx). Without `onLink` links do nothing. Every scheme reaches `onLink`
 * (allowNonHttpProtocols), so that a refused one is explained instead of silently dead; the dialog decides.
 */
export function openLiveTerminal(element: HTMLElement, onLink?: (uri: string) => void): LiveTerminal {
  const activate = (_event: MouseEvent, uri: string) => onLink?.(uri);
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
    // Replaces xterm's default for OSC 8 links (a window.confirm(), then window.open).
    linkHandler: { activate, allowNonHttpProtocols: true },
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fit);
  term.loadAddon(search);
  term.loadAddon(new WebLinksAddon(activate));
  term.open(element);
  return { term, fit, search };
}
