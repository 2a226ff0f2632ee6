/**
 * Which links may leave the app, checked twice with this one function: by the renderer before it shows its
 * link dialog (renderer/terminal/LinkDialog.tsx) and by Electron's main process before shell.openExternal
 * (electron/main/security.ts), so that a renderer that skipped its dialog still cannot open anything else.
 *
 * Only web pages and mail: http, https, mailto. Everything else (file:, javascript:, custom handlers such as
 * vscode: or ms-settings:, which start local programs) is refused.
 */
export const ALLOWED_LINK_SCHEMES = ['http:', 'https:', 'mailto:'] as const;

export type LinkCheck =
  | {
      ok: true;
      /** The normalised URL: what will be opened. */
      href: string;
      /** "https:" */
      scheme: string;
      /** Where it really goes: the host for http(s) (punycode as the URL parser gives it), the address for mailto. */
      target: string;
    }
  | { ok: false; reason: 'invalid' | 'scheme'; scheme?: string };

export function checkExternalLink(raw: string): LinkCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const scheme = url.protocol.toLowerCase();
  if (!(ALLOWED_LINK_SCHEMES as readonly string[]).includes(scheme))
    return { ok: false, reason: 'scheme', scheme };
  if (scheme === 'mailto:') {
    let address = '';
    try {
      address = decodeURIComponent(url.pathname);
    } catch {
      // a malformed %-escape: not an address anyone can check
    }
    return address ? { ok: true, href: url.href, scheme, target: address } : { ok: false, reason: 'invalid' };
  }
  if (!url.hostname) return { ok: false, reason: 'invalid' };
  return { ok: true, href: url.href, scheme, target: url.host };
}
