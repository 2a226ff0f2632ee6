import { BrowserWindow } from 'electron';
import { guardWebContents, SECURE_WEB_PREFERENCES } from './security';
import { WINDOW_MIN_SIZE, type WindowState } from './window-state';

export interface MainWindowOptions {
  preload: string;
  state: WindowState;
  title: string;
  icon?: string;
}

/** The app's one window: sandboxed renderer, navigation locked to the app, shown once painted. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { state } = options;
  const window = new BrowserWindow({
    title: options.title,
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    ...WINDOW_MIN_SIZE,
    show: false,
    backgroundColor: '#1f1b18',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: options.preload },
  });
  guardWebContents(window.webContents);
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  return window;
}
