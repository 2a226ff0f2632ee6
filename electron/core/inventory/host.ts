import { z } from 'zod';

/**
 * What a server's `host` may be: a DNS host name, an IPv4 address or an IPv6 address. Runbooks insert it into
 * shell commands, known_hosts lines and URLs, so its syntax is what keeps it inert there (insertion.ts relies
 * on it: letters, digits and . : % _ - only).
 *
 * IPv6 is stored bare (`::1`, `fe80::1%eth0`), as ssh2 and known_hosts' `[host]:port` form want it; the
 * bracketed form people copy from URLs (`[::1]`) is accepted on input and unwrapped by normalizeHost. Brackets
 * around anything else are refused: `[db]` is not a host. Pure (the renderer's server form imports the schema):
 * zod's address regexes rather than node:net.
 */
const isIPv4 = (text: string) => z.regexes.ipv4.test(text);
/** An IPv6 address, with an optional zone id (`%eth0`) as link-local addresses need. */
const isIPv6 = (text: string) => {
  const [address, zone, ...rest] = text.split('%');
  return (
    rest.length === 0 &&
    z.regexes.ipv6.test(address!) &&
    (zone === undefined || /^[A-Za-z0-9._-]+$/.test(zone))
  );
};

/** Characters of any accepted host; also the JSON-schema pattern of the app's inventory file. */
export const HOST_CHARACTERS = /^(?!-)[A-Za-z0-9._:%-]{1,253}$/;

/** RFC 1123 labels; "_" is tolerated because internal DNS names sometimes carry one. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

export function isValidHost(host: string): boolean {
  if (!HOST_CHARACTERS.test(host)) return false;
  if (host.includes(':')) return isIPv6(host);
  // All digits and dots: an IPv4 address or nothing (999.1.1.1 is not a host name either).
  if (/^[0-9.]+$/.test(host)) return isIPv4(host);
  return HOST_NAME.test(host);
}

/** `[::1]` -> `::1`; anything else unchanged (and judged by isValidHost). */
export function normalizeHost(host: string): string {
  const m = /^\[([^\]]*)\]$/.exec(host);
  return m && isIPv6(m[1]!) ? m[1]! : host;
}

export const HOST_MESSAGE =
  'must be a host name, an IPv4 address or an IPv6 address (brackets only around IPv6)';
