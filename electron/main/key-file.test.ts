import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { chooseKeyFile } from './key-file';

const window = {} as BrowserWindow;

function dialogAnswering(answer: { canceled: boolean; filePaths: string[] }) {
  const asked: OpenDialogOptions[] = [];
  const dialog = {
    showOpenDialog: async (_window: BrowserWindow, options: OpenDialogOptions) => {
      asked.push(options);
      return answer;
    },
  } as unknown as Pick<Dialog, 'showOpenDialog'>;
  return { dialog, asked };
}

describe('chooseKeyFile', () => {
  it('opens in ~/.ssh with hidden files shown, one file, and gives its path', async () => {
    const { dialog, asked } = dialogAnswering({
      canceled: false,
      filePaths: ['/home/alice/.ssh/id_ed25519'],
    });
    expect(await chooseKeyFile(window, dialog, '/home/alice')).toEqual({
      path: '/home/alice/.ssh/id_ed25519',
    });
    expect(asked[0]).toMatchObject({
      defaultPath: '/home/alice/.ssh',
      properties: ['openFile', 'showHiddenFiles'],
    });
  });

  it('gives null when the engineer cancels', async () => {
    const { dialog } = dialogAnswering({ canceled: true, filePaths: [] });
    expect(await chooseKeyFile(window, dialog, '/home/alice')).toEqual({ path: null });
  });
});
