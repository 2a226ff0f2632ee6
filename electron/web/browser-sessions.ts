import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may use the browser-mode host: the one-time link token and the browser sessions it opens.
 *
 * The host prints a link carrying a token (32 random bytes). The first page that presents it gets a session
 * secret of its own (a cookie, see session-cookie.ts) and the token is spent at once: a copy of the link left
 * in the browser's history, session restore or a screenshot opens nothing later. A fresh link is minted for
 * the next browser (the host prints it). Secrets are kept as SHA-256 digests, compared in constant time, and
 * die with the process.
 */
export type Exchange =
  | {
      ok: true;
      /** Set when a new session was opened; absent when the caller already had one. */ secret?: string;
    }
  | { ok: false; reason: 'used' | 'unknown' };

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
const hex = (value: string): string => digest(value).toString('hex');

export class BrowserSessions {
  private linkToken: string;
  /** Digests of spent link tokens: "already used" deserves its own message, unlike a wrong token. */
  private readonly spent = new Set<string>();
  private readonly sessions = new Set<string>();

  constructor(
    firstToken?: string,
    private readonly random: () => string = () => randomBytes(32).toString('base64url'),
  ) {
    this.linkToken = firstToken ?? random();
  }

  /** The token of the link to print now: unused so far. */
  get token(): string {
    return this.linkToken;
  }

  /**
   * A page presents a link token. The current one opens a session and is replaced by a new one; a spent or
   * unknown one is refused, unless the page already holds a session (the same browser opening the link
   * twice: the token is dead anyway, and the engineer is who they were).
   */
  exchange(given: string, hasSession: boolean): Exchange {
    if (sameSecret(given, this.linkToken)) {
      this.spent.add(hex(given));
      this.linkToken = this.random();
      const secret = this.random();
      this.sessions.add(hex(secret));
      return { ok: true, secret };
    }
    if (hasSession) return { ok: true };
    return { ok: false, reason: this.spent.has(hex(given)) ? 'used' : 'unknown' };
  }

  /** True when one of `secrets` (the values of the page's session cookies) is a session of this process. */
  isSession(secrets: readonly string[]): boolean {
    return secrets.some((secret) => this.sessions.has(hex(secret)));
  }
}

function sameSecret(given: string, expected: string): boolean {
  // Digests have the same length whatever was given, so the comparison's time says nothing about it.
  return timingSafeEqual(digest(given), digest(expected));
}
