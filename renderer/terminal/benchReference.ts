/**
 * Bench hook, reference A of figure 1 (docs/bench.md): in a build made with VITE_RB_BENCH=1 only
 * (main.tsx imports this module behind that build-time flag), `window.__rbBenchXterm` writes text straight
 * into a terminal made exactly like the live one (liveTerminal.ts), in the same page and the same pane as
 * the run's terminal, with the same chunking and flow window as the full path, and resolves with the time
 * xterm.js took to parse all of it. The text goes as UTF-8 bytes, the form in which browser mode hands
 * terminal output to xterm.js (binary frames), which xterm.js also parses faster than the same text as a
 * string (about 15 % here). The difference with figure 1 is then the path alone: SSH, backend, WebSocket,
 * contract and acks.
 */
import { openLiveTerminal } from './liveTerminal';

export interface BenchXtermRequest {
  /** One line of text, without its line end; written as `line\r\n` like a PTY delivers it. */
  line: string;
  /** Characters to write in all (whole lines). */
  totalChars: number;
  /** Characters per write() call: the size of one batch the backend pushes. */
  chunkChars: number;
  /** Written but not yet parsed characters allowed at once: the backend's flow-control window. */
  windowChars: number;
}

export interface BenchXtermResult {
  ms: number;
  chars: number;
  /** The terminal's size once fitted to the pane. */
  cols: number;
  rows: number;
}

declare global {
  interface Window {
    __rbBenchXterm?: (request: BenchXtermRequest) => Promise<BenchXtermResult>;
  }
}

window.__rbBenchXterm = async (request) => {
  const box = document.querySelector('.terminal-view:not([hidden]) .terminal-box');
  if (!box) throw new Error('no terminal pane on this page');
  // A second screen in the same pane, over the live one: same size, same containment, same styles.
  const screen = document.createElement('div');
  screen.className = 'terminal-screen';
  box.append(screen);
  const { term, fit } = openLiveTerminal(screen);
  try {
    fit.fit();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const ptyLine = request.line + '\r\n';
    const text = ptyLine.repeat(Math.max(1, Math.floor(request.chunkChars / ptyLine.length)));
    const chunk = new TextEncoder().encode(text); // xterm.js only reads what it is given
    const chunks = Math.ceil(request.totalChars / text.length);
    const start = performance.now();
    await new Promise<void>((resolve) => {
      let sent = 0;
      let parsed = 0;
      const pump = () => {
        while (sent < chunks && (sent - parsed + 1) * text.length <= request.windowChars) {
          sent++;
          term.write(chunk, () => {
            parsed++;
            if (parsed === chunks) resolve();
            else pump();
          });
        }
      };
      pump();
    });
    const ms = performance.now() - start;
    return { ms, chars: chunks * text.length, cols: term.cols, rows: term.rows };
  } finally {
    term.dispose();
    screen.remove();
  }
};
