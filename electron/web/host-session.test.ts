/**
 * The browser-mode link is one-time (browser-sessions.ts): what the landing page, the app's page and the
 * exchange answer, against a real host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, rawGet, startTestHost, type TestHost } from './testing/test-host';

let t: TestHost;

beforeAll(async () => {
  t = await startTestHost();
});

afterAll(async () => {
  await t.close();
});

describe('web host: the one-time link', () => {
  it('trades the link token once for an HttpOnly, SameSite=Strict session cookie and announces a fresh link', async () => {
    const token = t.host.token;
    const first = await exchange(t.host, token);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ok: true });
    expect(first.setCookie).toMatch(new RegExp(`^runbook-session-${t.host.port}=[A-Za-z0-9_-]{43}; `));
    expect(first.setCookie).toContain('HttpOnly');
    expect(first.setCookie).toContain('SameSite=Strict');
    expect(first.setCookie).toContain('Path=/');
    expect(first.setCookie).not.toMatch(/Expires|Max-Age/i);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.cookie).not.toContain(token); // the session is a secret of its own, not the token

    // The link is spent: a browser without a session (history, another profile) is refused.
    const again = await exchange(t.host, token);
    expect(again.status).toBe(403);
    expect(again.body).toEqual({ ok: false, reason: 'used' });
    expect(again.setCookie).toBeNull();

    // The host printed a fresh link, which works, once.
    expect(t.freshLinks.at(-1)).toBe(t.host.url);
    expect(t.host.token).not.toBe(token);
    const fresh = await exchange(t.host, t.host.token);
    expect(fresh.status).toBe(200);
    expect(fresh.cookie).not.toBe(first.cookie);
  });

  it('lets a browser that already has a session open a spent link again, without a new cookie', async () => {
    const { cookie } = await exchange(t.host, t.host.token);
    const spent = t.freshLinks.at(-2)!.split('#token=')[1]!;
    const reply = await exchange(t.host, spent, { Cookie: cookie! });
    expect(reply).toMatchObject({ status: 200, body: { ok: true }, setCookie: null });
  });

  it('refuses a token it never printed, and an exchange from another Origin', async () => {
    expect((await exchange(t.host, 'A'.repeat(43))).body).toEqual({ ok: false, reason: 'unknown' });
    const foreign = await exchange(t.host, t.host.token, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    // …and the token it tried is still good for our own page.
    expect((await exchange(t.host, t.host.token)).status).toBe(200);
  });

  it('serves the app page only to a session; others get a page that says how to get one', async () => {
    const { cookie } = await exchange(t.host, t.host.token);
    const withSession = await rawGet(t.host, '/', { Cookie: cookie! });
    expect(withSession.status).toBe(200);
    expect(withSession.body).toContain('the app');

    const cases: Record<string, string>[] = [{}, { Cookie: `runbook-session-${t.host.port}=stale` }];
    for (const headers of cases) {
      const without = await rawGet(t.host, '/', headers);
      expect(without.status).toBe(403);
      expect(without.body).not.toContain('the app');
      expect(without.body).toContain('npm run web');
      expect(without.headers['cache-control']).toBe('no-store');
      expect(without.headers['referrer-policy']).toBe('no-referrer');
    }
    expect((await rawGet(t.host, '/index.html')).status).toBe(403);
  });

  it('serves the landing page and its script with no-store and no-referrer, and no inline script', async () => {
    const page = await rawGet(t.host, '/session');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<script src="/session.js" defer></script>');
    expect(page.body).not.toMatch(/<script>/);
    expect(page.body).toContain('npm run web');
    const script = await rawGet(t.host, '/session.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toContain('location.replace');
  });
});
