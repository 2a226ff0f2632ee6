/**
 * Figure 1, reference A: bytes written straight into an xterm.js instance, in Chromium, with the same
 * flow control a terminal view would use (at most `window` chunks pending in xterm's write queue).
 * Bundled by esbuild (fig-throughput.ts); runs in the browser.
 */
import { Terminal } from '@xterm/xterm';

declare global {
  interface Window {
    benchWrite(totalBytes: number, chunkBytes: number, line: string): Promise<number>;
  }
}

const term = new Terminal({ cols: 120, rows: 32, scrollback: 1000 });
term.open(document.getElementById('terminal')!);

window.benchWrite = (totalBytes, chunkBytes, line) => {
  // What the PTY delivers for `cat` of the file: each "\n" became "\r\n".
  const ptyLine = line + '\r\n';
  const perChunk = Math.max(1, Math.floor(chunkBytes / ptyLine.length));
  const chunk = ptyLine.repeat(perChunk);
  const chunks = Math.ceil(totalBytes / ((line.length + 1) * perChunk));
  const maxPending = 8;
  return new Promise<number>((resolve) => {
    const start = performance.now();
    let sent = 0;
    let done = 0;
    const pump = () => {
      while (sent < chunks && sent - done < maxPending) {
        sent++;
        term.write(chunk, () => {
          done++;
          if (done === chunks) resolve(performance.now() - start);
          else pump();
        });
      }
    };
    pump();
  });
};
document.title = 'ready';
