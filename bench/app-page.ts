import type { BenchSession } from './api-client';
import type { CdpBrowser, CdpPage as Page } from './cdp';
import { DEFAULT_BATCH_LIMITS } from '../electron/core/backend/terminal-batch';
import { DEFAULT_FLOW_LIMITS } from '../electron/core/backend/terminal-flow';

/**
 * The run page of the app (renderer/run/RunPage.tsx) driven as an engineer does: click the toolbar's
 * "run this step" button and watch the step list and the terminal, over the DevTools protocol (cdp.ts).
 * In-page code is given as strings: this folder is type-checked without DOM types. Terminal progress comes
 * from the bench hook (window.__rbTerminalStats, renderer/terminal/benchStats.ts): characters handed to
 * xterm.js and parsed by it.
 */

/** Opens `#/runs/<runId>` in a new page holding the bench's session (its cookie) and waits for the terminal. */
export async function openRunPage(
  browser: CdpBrowser,
  session: BenchSession,
  runId: string,
  role: string,
): Promise<Page> {
  const page = await browser.newPage(1440, 900);
  await page.send('Network.setCookie', {
    ...session.cookie,
    url: session.origin,
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
  });
  await page.navigate(`${session.origin}/#/runs/${encodeURIComponent(runId)}`);
  await pollInPage(page, `!!document.querySelector('.run-page[data-phase="idle"]')`, 30_000);
  await pollInPage(
    page,
    `!!document.querySelector('.terminal-view[data-role="${role}"] .xterm-screen')`,
    30_000,
  );
  await pollInPage(page, `!!window.__rbTerminalStats?.[${JSON.stringify(statsKey(runId, role))}]`, 10_000);
  return page;
}

const RUN_BUTTON = `document.querySelector('.run-toolbar .btn-primary:not([disabled])')`;

/** Clicks "run this step" (enabled), as the engineer does. */
export async function clickRun(page: Page): Promise<void> {
  await pollInPage(page, `!!${RUN_BUTTON}`, 30_000);
  await page.evaluate(`${RUN_BUTTON}.click()`);
}

/** The step's status as its row in the step list shows it. */
export function stepStatus(page: Page, step: string): Promise<string | null> {
  return page.evaluate(
    `document.querySelector('li.run-step[data-step=${JSON.stringify(step)}]')?.getAttribute('data-status') ?? null`,
  );
}

export function statsKey(runId: string, role: string): string {
  return `${runId}/${role}`;
}

/** Clicks "run this step" and waits until `step` has succeeded (not timed: warm-up, connection). */
export async function runStep(page: Page, step: string): Promise<void> {
  await clickRun(page);
  await pollInPage(
    page,
    `!!document.querySelector('li.run-step[data-step=${JSON.stringify(step)}][data-status="succeeded"]')`,
    60_000,
  );
  await pollInPage(page, `!!document.querySelector('.run-page[data-phase="idle"]')`, 30_000);
}

/** Characters the terminal view has parsed so far. */
export async function parsedChars(page: Page, key: string): Promise<number> {
  return page.evaluate(`window.__rbTerminalStats[${JSON.stringify(key)}].parsed`);
}

/**
 * Timed in the page: from the click on "run this step" to the step shown as succeeded AND xterm.js having
 * parsed everything the view received, at least `chars` more characters than before the click.
 * Polls every 5 ms (between xterm's write batches, which yield to the event loop).
 */
export async function timedStep(
  page: Page,
  options: { key: string; step: string; chars: number; timeoutMs: number },
): Promise<{ ms: number; chars: number }> {
  const script = `(async (o) => {
    const stats = window.__rbTerminalStats[o.key];
    const base = stats.queued;
    const row = () => document.querySelector('li.run-step[data-step="' + o.step + '"]');
    const button = document.querySelector('.run-toolbar .btn-primary');
    if (!button || button.disabled) throw new Error('the run-step button is not enabled');
    const t0 = performance.now();
    button.click();
    return await new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        const status = row()?.getAttribute('data-status');
        const ms = performance.now() - t0;
        const got = stats.queued - base;
        if (status === 'succeeded' && stats.parsed === stats.queued && got >= o.chars) {
          clearInterval(timer);
          resolve({ ms, chars: got });
        } else if (status === 'failed' || ms > o.timeoutMs) {
          clearInterval(timer);
          reject(new Error('step ' + o.step + ' ' + status + ' after ' + Math.round(ms) + ' ms, ' +
            stats.parsed + ' of ' + got + ' characters parsed (' + o.chars + ' expected)'));
        }
      }, 5);
    });
  })(${JSON.stringify(options)})`;
  return page.evaluate(script) as Promise<{ ms: number; chars: number }>;
}

export interface XtermInPage {
  ms: number;
  chars: number;
  cols: number;
  rows: number;
}

/**
 * Reference A of figure 1: `line`s written straight into a terminal like the live one, in this page and
 * in the same pane (window.__rbBenchXterm, renderer/terminal/benchReference.ts), in the chunks and with the
 * flow window of the full path (electron/core/backend/terminal-batch.ts and terminal-flow.ts).
 */
export async function xtermInPage(
  page: Page,
  options: { line: string; totalChars: number },
): Promise<XtermInPage> {
  const request = {
    line: options.line,
    totalChars: options.totalChars,
    chunkChars: DEFAULT_BATCH_LIMITS.maxChars,
    windowChars: DEFAULT_FLOW_LIMITS.high,
  };
  await pollInPage(page, '!!window.__rbBenchXterm', 10_000);
  return (await page.evaluate(`window.__rbBenchXterm(${JSON.stringify(request)})`)) as XtermInPage;
}

/**
 * Ctrl-C through the UI path: a real key press in the focused terminal (xterm.js → writeTerminal → SSH),
 * timed in the page from the keydown to the step no longer shown as running.
 */
export async function ctrlC(page: Page, role: string, step: string, timeoutMs: number): Promise<number> {
  await page.evaluate(`window.addEventListener('keydown', (e) => {
    if (e.ctrlKey && e.key.toLowerCase() === 'c' && window.__benchCtrlCAt === undefined)
      window.__benchCtrlCAt = performance.now();
  }, { capture: true })`);
  await page.evaluate(`document.querySelector('.terminal-view[data-role="${role}"] textarea').focus()`);
  await pressCtrlC(page);
  const status = `document.querySelector('li.run-step[data-step=${JSON.stringify(step)}]')?.getAttribute('data-status')`;
  return (await pollInPage(
    page,
    `(${status}) !== 'running' && window.__benchCtrlCAt !== undefined && performance.now() - window.__benchCtrlCAt`,
    timeoutMs,
  )) as number;
}

/** A real Ctrl+C key press (Input.dispatchKeyEvent), as Playwright's keyboard.press('Control+C') sends it. */
async function pressCtrlC(page: Page): Promise<void> {
  const CTRL = 2;
  const control = { key: 'Control', code: 'ControlLeft', windowsVirtualKeyCode: 17, modifiers: CTRL };
  const c = { key: 'c', code: 'KeyC', windowsVirtualKeyCode: 67, modifiers: CTRL };
  await page.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...control });
  await page.send('Input.dispatchKeyEvent', { type: 'keyDown', ...c });
  await page.send('Input.dispatchKeyEvent', { type: 'keyUp', ...c });
  await page.send('Input.dispatchKeyEvent', { type: 'keyUp', ...control, modifiers: 0 });
}

/**
 * Resolves with the first truthy value of `expression` (a boolean, number or string: values cross as
 * JSON), evaluated in the page every 5 ms.
 */
async function pollInPage(page: Page, expression: string, timeoutMs: number): Promise<unknown> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const t0 = performance.now();
    const timer = setInterval(() => {
      const value = (${expression});
      if (value) {
        clearInterval(timer);
        resolve(value);
      } else if (performance.now() - t0 > ${timeoutMs}) {
        clearInterval(timer);
        reject(new Error('timed out after ${timeoutMs} ms waiting in the page for: ' + ${JSON.stringify(expression)}));
      }
    }, 5);
  })`);
}
