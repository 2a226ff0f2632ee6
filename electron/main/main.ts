/**
 * The Electron main process: thin on purpose (Tabby, VS Code). Everything the app does is the Backend in
 * electron/core; this file only creates the window, wires the contract to IPC and sets up app paths.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, dialog, ipcMain, Menu, screen, session, type BrowserWindow } from 'electron';
import Store from 'electron-store';
import { composeBackend } from '../core/backend/compose';
import type { Backend } from '../core/backend/backend';
import { resolveDataDir } from '../core/data-dir';
import { forwardEvents, registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { chooseKeyFile } from './key-file';
import { printRunbookPdf } from './pdf';
import { installSessionPolicy, isTrustedSender } from './security';
import { createMainWindow } from './window';
import { restoreWindowState, trackWindowState, type StateStore } from './window-state';

// One data folder for the app, the browser mode and the CLI (data-dir.ts), set before anything reads it.
const dataDir = resolveDataDir();
app.setPath('userData', dataDir);
app.enableSandbox();

// dist/electron/main.cjs → dist/renderer/index.html and dist/electron/preload.cjs
const indexHtml = path.join(__dirname, '..', 'renderer', 'index.html');
const appUrl = pathToFileURL(indexHtml).href;
const preload = path.join(__dirname, 'preload.cjs');

let mainWindow: BrowserWindow | undefined;
let backend: Backend | undefined;

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  installSessionPolicy(session.defaultSession);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ isDev: !app.isPackaged, isMac: process.platform === 'darwin', appName: app.getName() }),
    ),
  );

  backend = composeBackend({
    mode: 'electron',
    version: app.getVersion(),
    dataDir,
    // runbooks/ is packaged with the app (electron-builder.yml "files").
    runbooksDir: path.join(app.getAppPath(), 'runbooks'),
    printRunbookPdf: (runbook) => {
      if (!mainWindow) return Promise.resolve({ path: null });
      return printRunbookPdf(mainWindow, dialog, runbook);
    },
    chooseKeyFile: () => (mainWindow ? chooseKeyFile(mainWindow, dialog) : Promise.resolve({ path: null })),
  });

  const store = new Store<Record<string, unknown>>({
    name: 'window-state',
    cwd: dataDir,
  }) as unknown as StateStore;
  const state = restoreWindowState(
    store.get('window'),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const window = createMainWindow({ preload, state, title: 'OC Pizzas Runbook' });
  mainWindow = window;
  trackWindowState(window, store);

  const unregister = registerIpc(ipcMain, backend, (frame) => isTrustedSender(frame, mainWindow, appUrl));
  forwardEvents(backend, window.webContents);
  window.on('closed', () => {
    unregister();
    mainWindow = undefined;
  });

  await window.loadFile(indexHtml);
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the data dir and the journal of any live run: hand over to it.
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => app.quit());
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed || !backend) return;
    // Give live runs their run-finished before exiting (they stay resumable).
    event.preventDefault();
    disposed = true;
    void backend.dispose('the app was closed').finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('OC Pizzas Runbook', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
