import { shell, type Session, type WebContents, type WebFrameMain } from 'electron';
import { checkExternalLink } from '../core/contract/external-link';
import { CONTENT_SECURITY_POLICY } from '../core/csp';

/** The BrowserWindow options that keep the renderer a web page: no Node, isolated, sandboxed. */
export const SECURE_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/** URL without fragment and query: the hash routes of the renderer change, the document does not. */
function documentOf(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

/**
 * True only for a message from the main frame of our window showing our own page (VS Code and GitHub
 * Desktop check the same): a subframe, another window, or our window after navigating elsewhere is refused.
 */
export function isTrustedSender(
  frame: WebFrameMain | null | undefined,
  window: { webContents: { mainFrame: WebFrameMain } } | undefined,
  appUrl: string,
): boolean {
  if (!frame || !window) return false;
  if (frame !== window.webContents.mainFrame) return false;
  return documentOf(frame.url) === documentOf(appUrl);
}

/**
 * The one way out of the app: shell.openExternal, for http, https and mailto only (core/contract/external-link.ts,
 * the same check the renderer's link dialog makes first). Checked here again because the renderer is the
 * side that shows untrusted text: a terminal link whose dialog was skipped still cannot open file: or a
 * custom scheme that starts a local program. Returns whether it opened.
 */
export function openExternalLink(url: string): boolean {
  const link = checkExternalLink(url);
  if (!link.ok) return false;
  void shell.openExternal(link.href);
  return true;
}

/** Every webContents: no navigation away from the app, no new windows, no <webview>. */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternalLink(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalLink(url);
    return { action: 'deny' };
  });
}

/** The CSP header on every response of the session (the <meta> in index.html covers file://). */
export function installSessionPolicy(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  // The app needs no camera, location, notifications…; writing to the clipboard (copy buttons) is enough.
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write'),
  );
  session.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');
}
