/**
 * The browser session's cookie. Cookies are not isolated by port, so its name carries the host's port: two
 * hosts on one machine (a second `npm run web`, the tests) never overwrite each other's session.
 *
 * HttpOnly: no script of the page can read it (the WebSocket handshake and page loads carry it anyway).
 * SameSite=Strict: no other site's page, link or form makes the browser send it. Path=/: the page (/) and the
 * api socket (/api) both need it. No Expires/Max-Age: it is a session cookie, and its secret dies with the
 * host process anyway. Not Secure: the host is plain http on loopback.
 */
export function sessionCookieName(port: number): string {
  return `runbook-session-${port}`;
}

export function sessionCookieHeader(port: number, secret: string): string {
  return `${sessionCookieName(port)}=${secret}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Every value of our cookie in a Cookie header (a browser may send one name twice, from two paths). */
export function sessionCookieValues(cookieHeader: string | undefined, port: number): string[] {
  if (!cookieHeader) return [];
  const name = sessionCookieName(port);
  const values: string[] = [];
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}
