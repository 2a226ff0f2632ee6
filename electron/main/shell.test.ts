import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, Session, WebContents, WebFrameMain } from 'electron';
import { createBackend, type Backend } from '../core/backend/backend';
import { tempWorld, type TempWorld } from '../core/backend/testing/fixtures';
import {
  EVENT_NAMES,
  eventChannel,
  METHOD_NAMES,
  methodChannel,
  type Envelope,
} from '../core/contract/names';
import { CONTENT_SECURITY_POLICY } from '../core/csp';
import { MemorySecretStore } from '../core/vault/memory-store';
import {
  FakeBrowserWindow,
  FakeSession,
  fakeElectron,
  ipcMain,
  shell,
  type FakeFrame,
} from './testing/fake-electron';

vi.mock('electron', async () => (await import('./testing/fake-electron')).fakeElectron);

const { createMainWindow } = await import('./window');
const { forwardEvents, registerIpc } = await import('./ipc');
const { installSessionPolicy, isTrustedSender } = await import('./security');
const { menuTemplate } = await import('./menu');

const APP_URL = 'file:///app/dist/renderer/index.html';

function newWindow(): FakeBrowserWindow {
  createMainWindow({
    preload: '/app/dist/electron/preload.cjs',
    title: 't',
    state: { width: 900, height: 600, maximized: false },
  });
  return FakeBrowserWindow.instances.at(-1)!;
}

beforeEach(() => {
  shell.openExternal.mockClear();
});

describe('main window', () => {
  it('is created with a sandboxed, isolated renderer without Node', () => {
    const window = newWindow();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      preload: '/app/dist/electron/preload.cjs',
    });
  });

  it('denies every navigation, opening only http(s) links in the system browser', () => {
    const { webContents } = newWindow();
    for (const url of [
      'https://docs.djangoproject.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'http://127.0.0.1:1/',
    ]) {
      const event = { preventDefault: vi.fn() };
      webContents.emit('will-navigate', event, url);
      expect(event.preventDefault).toHaveBeenCalled();
    }
    expect(shell.openExternal.mock.calls.map((c: unknown[]) => c[0])).toEqual([
      'https://docs.djangoproject.com/',
      'http://127.0.0.1:1/',
    ]);
  });

  it('denies new windows, opening only http(s) links externally', () => {
    const { webContents } = newWindow();
    expect(webContents.openHandler?.({ url: 'https://example.org/x' })).toEqual({ action: 'deny' });
    expect(webContents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls.map((c: unknown[]) => c[0])).toEqual(['https://example.org/x']);
  });

  it('opens only http, https and mailto links (what the terminal link dialog lets through), checked again here', () => {
    const { webContents } = newWindow();
    for (const url of [
      'mailto:ops@oc-pizzas.com',
      'vscode://file/etc/passwd',
      'ms-settings:',
      'javascript:alert(1)',
      'data:text/html,x',
      'https://evil.example/',
    ])
      expect(webContents.openHandler?.({ url })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls.map((c: unknown[]) => c[0])).toEqual([
      'mailto:ops@oc-pizzas.com',
      'https://evil.example/',
    ]);
  });

  it('refuses to attach a <webview>', () => {
    const { webContents } = newWindow();
    const event = { preventDefault: vi.fn() };
    webContents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('session policy', () => {
  it('adds the CSP header to every response, the same as the <meta> of index.html', () => {
    const session = new FakeSession();
    installSessionPolicy(session as unknown as Session);
    let headers: Record<string, string[]> | undefined;
    session.headersListener?.(
      { responseHeaders: { 'X-Other': ['1'] } },
      (r) => (headers = r.responseHeaders),
    );
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    const html = fs.readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('grants no permission but clipboard writes', () => {
    const session = new FakeSession();
    installSessionPolicy(session as unknown as Session);
    const answers: Record<string, boolean> = {};
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-sanitized-write']) {
      session.permissionHandler?.({}, p, (granted) => (answers[p] = granted));
    }
    expect(answers).toEqual({
      media: false,
      geolocation: false,
      notifications: false,
      openExternal: false,
      'clipboard-sanitized-write': true,
    });
  });
});

describe('trusted sender', () => {
  const window = { webContents: { mainFrame: { url: APP_URL + '#/runbooks/deploy' } } };
  const trusted = (frame: FakeFrame | null) =>
    isTrustedSender(frame as unknown as WebFrameMain, window as unknown as BrowserWindow, APP_URL);

  it('accepts our window main frame on our page, whatever its route', () => {
    expect(trusted(window.webContents.mainFrame)).toBe(true);
  });

  it('refuses a subframe, a frame of another window, a navigated frame and no frame', () => {
    expect(trusted({ url: APP_URL })).toBe(false); // another frame object with our URL
    expect(trusted(null)).toBe(false);
    const navigated = { webContents: { mainFrame: { url: 'https://evil.example/' } } };
    expect(
      isTrustedSender(
        navigated.webContents.mainFrame as unknown as WebFrameMain,
        navigated as unknown as BrowserWindow,
        APP_URL,
      ),
    ).toBe(false);
    expect(isTrustedSender(window.webContents.mainFrame as unknown as WebFrameMain, undefined, APP_URL)).toBe(
      false,
    );
  });
});

describe('IPC registration', () => {
  let world: TempWorld;
  let backend: Backend;
  const mainFrame: FakeFrame = { url: APP_URL };
  const isTrusted = (frame: WebFrameMain | null | undefined) => (frame as unknown as FakeFrame) === mainFrame;
  let unregister: () => void;

  beforeAll(() => {
    world = tempWorld();
    backend = createBackend({
      dataDir: world.dataDir,
      runbooksDir: world.runbooksDir,
      secrets: new MemorySecretStore(),
      mode: 'electron',
      version: '0.0.0-test',
    });
    ipcMain.handlers.clear();
    unregister = registerIpc(ipcMain as never, backend, isTrusted);
  });
  afterAll(() => {
    unregister();
    world.cleanup();
  });

  const invoke = (method: string, frame: FakeFrame, input?: unknown) =>
    ipcMain.handlers.get(methodChannel(method as never))!({ senderFrame: frame }, input) as Promise<Envelope>;

  it('registers exactly one handler per contract method, on its derived channel', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(METHOD_NAMES.map(methodChannel).sort());
  });

  it('answers our frame through the backend', async () => {
    const reply = await invoke('listRunbooks', mainFrame);
    expect(reply.ok).toBe(true);
    expect((reply as { result: Array<{ id: string }> }).result.map((r) => r.id)).toEqual(['demo']);
  });

  it('refuses a message from another frame before touching the backend', async () => {
    const spy = vi.spyOn(backend, 'listRunbooks');
    await expect(invoke('listRunbooks', { url: APP_URL })).rejects.toThrow(
      /does not come from the app's own window/,
    );
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('validates input with the contract schema, naming the field', async () => {
    const reply = await invoke('setSettings', mainFrame, { theme: 'neon' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/setSettings: theme: /);
  });

  it('removes its handlers when asked', () => {
    const probe = { ...ipcMain, handlers: new Map(ipcMain.handlers) };
    probe.handlers.clear();
    const off = registerIpc(probe as never, backend, isTrusted);
    expect(probe.handlers.size).toBe(METHOD_NAMES.length);
    off();
    expect(probe.handlers.size).toBe(0);
  });

  it('forwards every backend event to the window on its derived channel, until it is destroyed', () => {
    const window = new FakeBrowserWindow({});
    forwardEvents(backend, window.webContents as unknown as WebContents);
    backend.hub.emit('onTerminalData', { runId: 'r', role: 'db', data: 'x', chars: 1 });
    expect(window.webContents.sent).toEqual([
      [eventChannel('onTerminalData'), { runId: 'r', role: 'db', data: 'x', chars: 1 }],
    ]);
    window.webContents.emit('destroyed');
    for (const event of EVENT_NAMES) expect(backend.hub.listenerCount(event)).toBe(0);
  });
});

describe('application menu', () => {
  const roles = (template: ReturnType<typeof menuTemplate>): string[] =>
    JSON.stringify(template).match(/"role":"[A-Za-z]+"/g) ?? [];

  it('has no reload or developer tools in a release build', () => {
    const release = roles(menuTemplate({ isDev: false, isMac: false, appName: 'x' }));
    expect(release).toEqual(
      expect.arrayContaining(['"role":"copy"', '"role":"paste"', '"role":"selectAll"', '"role":"zoomIn"']),
    );
    expect(release).not.toContain('"role":"toggleDevTools"');
    expect(release).not.toContain('"role":"reload"');
    expect(roles(menuTemplate({ isDev: true, isMac: false, appName: 'x' }))).toContain(
      '"role":"toggleDevTools"',
    );
  });
});

void fakeElectron;
