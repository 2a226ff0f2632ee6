/**
 * A fake `electron` module for unit tests of the thin shell (Electron cannot start here). It records what
 * the shell asks of Electron, so tests can check the window's options, the IPC handlers and the bridge.
 * Only what electron/main and electron/preload use is faked.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface FakeFrame {
  url: string;
}

type OpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  mainFrame: FakeFrame = { url: 'file:///app/dist/renderer/index.html' };
  openHandler?: OpenHandler;
  readonly sent: Array<[string, unknown]> = [];
  destroyed = false;
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  printToPDF = vi.fn(async () => Buffer.from('%PDF-fake'));
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadFile = vi.fn(async () => undefined);
  show = vi.fn();
  maximize = vi.fn();
  isMaximized = () => false;
  getNormalBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 });
}

export const ipcMain = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
  on: vi.fn(),
};

export const ipcRenderer = {
  invoke: vi.fn(async (_channel: string, _input?: unknown): Promise<unknown> => ({
    ok: true,
    result: 'fake',
  })),
  listeners: new Map<string, Set<(...args: unknown[]) => void>>(),
  on(channel: string, listener: (...args: unknown[]) => void) {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return this;
  },
  removeListener(channel: string, listener: (...args: unknown[]) => void) {
    this.listeners.get(channel)?.delete(listener);
    return this;
  },
  emit(channel: string, payload: unknown) {
    for (const l of this.listeners.get(channel) ?? []) l({ sender: 'ipc-internals' }, payload);
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld: vi.fn((key: string, value: unknown) => {
    contextBridge.exposed.set(key, value);
  }),
};

export const shell = { openExternal: vi.fn(async () => undefined) };

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

export class FakeSession {
  headersListener?: HeadersListener;
  permissionHandler?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
  permissionCheck?: (contents: unknown, permission: string) => boolean;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: NonNullable<FakeSession['permissionHandler']>): void {
    this.permissionHandler = handler;
  }
  setPermissionCheckHandler(handler: NonNullable<FakeSession['permissionCheck']>): void {
    this.permissionCheck = handler;
  }
}

export const fakeElectron = {
  BrowserWindow: FakeBrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  shell,
  session: { defaultSession: new FakeSession() },
};
