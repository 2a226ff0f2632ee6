import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';

/**
 * The system's file picker for a server's private key, opened in ~/.ssh (where keys live) with hidden
 * files shown (the folder itself is one). Resolves to null when the engineer cancels. Only the path goes
 * back to the page: the key is read by the backend when it connects, never by the window.
 */
export async function chooseKeyFile(
  window: BrowserWindow,
  dialog: Pick<Dialog, 'showOpenDialog'>,
  home: string = os.homedir(),
): Promise<{ path: string | null }> {
  const { canceled, filePaths } = await dialog.showOpenDialog(window, {
    title: 'Clé privée SSH',
    defaultPath: path.join(home, '.ssh'),
    properties: ['openFile', 'showHiddenFiles'],
  });
  return { path: canceled ? null : (filePaths[0] ?? null) };
}
