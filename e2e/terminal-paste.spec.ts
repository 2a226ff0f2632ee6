/**
 * Issue 12, finding 3: one WebSocket message over 1 MiB used to kill the browser-mode host, and a paste of
 * more than that was one message. The renderer now sends a paste in bounded pieces, in order
 * (renderer/terminal/terminalInput.ts): 10 MB pasted with Ctrl+Shift+V into a remote `cat > file` arrive
 * whole and in order (same size, same SHA-256), and the host is still there afterwards.
 */
import { expect, test } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { openAdhocTerminal, startTerminalWorld, terminalRows, type TerminalWorld } from './adhoc-terminal';

test.describe.configure({ mode: 'serial' });

let world: TerminalWorld;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await startTerminalWorld();
});

test.afterAll(async () => {
  await world?.stop();
});

/**
 * About 10 MB of lines a terminal takes as typed: base64 (no control character the line discipline would act
 * on), 76 characters a line (far under the 4096 a canonical-mode line may hold), a line number first so that
 * a piece out of order changes the hash.
 */
function pasteText(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `${String(i).padStart(7, '0')} ${randomBytes(51).toString('base64')}\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

test('a 10 MB paste arrives whole and in order on the server', async ({ context, page }) => {
  test.setTimeout(300_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.host.origin });
  await openAdhocTerminal(world, context, page);

  const text = pasteText(10 * 1000 * 1000);
  const expected = createHash('sha256').update(text).digest('hex');
  const file = `/tmp/rb-paste-${randomBytes(6).toString('hex')}`;
  try {
    await page.keyboard.type(`cat > ${file}\n`);
    // `cat` has the terminal once the shell created the file (the lab runs on this machine).
    await expect.poll(() => fs.existsSync(file), { timeout: 30_000 }).toBe(true);
    // In the page (this folder is type-checked without DOM types): the clipboard holds the 10 MB.
    type PageGlobals = { navigator: { clipboard: { writeText(text: string): Promise<void> } } };
    await page.evaluate((t) => (globalThis as unknown as PageGlobals).navigator.clipboard.writeText(t), text);
    await page.keyboard.press('Control+Shift+V');
    await expect
      .poll(() => fs.statSync(file).size, { timeout: 240_000, message: 'bytes received by the remote cat' })
      .toBe(text.length);
    await page.keyboard.press('Control+D'); // end of cat's input: the shell is back
    await page.keyboard.type(`sha256sum ${file}\n`);
    // The server's own hash of what it received, as shown in the terminal.
    await expect(terminalRows(page)).toContainText(`${expected}  ${file}`, { timeout: 60_000 });
    expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(expected);
    expect(world.host.child.exitCode, 'the host is still running').toBeNull();
  } finally {
    fs.rmSync(file, { force: true });
  }
});
