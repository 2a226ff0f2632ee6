/**
 * A reader for OpenSSH client configuration (~/.ssh/config), enough to offer its hosts as inventory
 * candidates: Host blocks with HostName, Port, User, IdentityFile and ProxyJump.
 *
 * Semantics follow ssh_config(5) where they matter for a candidate: keywords are case-insensitive, `Key value`
 * and `Key=value` are both accepted, values may be double-quoted, and for each parameter the FIRST value
 * obtained wins, in file order, across every Host block whose patterns match the alias (so a trailing
 * `Host *` supplies defaults). Wildcard patterns are never candidates themselves. `Match` blocks and `Include`
 * cannot be evaluated without running ssh, so they are reported in `notes` and skipped.
 *
 * Pure: the caller reads the file and passes the home directory (for `~` and `%d`).
 */

export interface SshConfigJump {
  /** The alias or address written after ProxyJump, resolved through the same file when it is an alias. */
  alias: string;
  host: string;
  port: number;
  user?: string;
  identityFile?: string;
}

export interface SshConfigHost {
  /** The name after `Host` (what `ssh <alias>` uses). */
  alias: string;
  /** HostName, or the alias itself when there is none. */
  host: string;
  port: number;
  user?: string;
  /** The first IdentityFile, with `~` and %-tokens expanded. */
  identityFile?: string;
  /** The first hop of ProxyJump ("none" means no jump). */
  jump?: SshConfigJump;
  /** 1-based line of the Host line that names this alias. */
  line: number;
  /** What the app could not take over (e.g. a multi-hop ProxyJump). */
  warnings: string[];
}

export interface SshConfigParse {
  hosts: SshConfigHost[];
  /** Lines that were skipped on purpose (Match, Include, malformed lines), each naming its line. */
  notes: string[];
}

interface Block {
  patterns: string[];
  line: number;
  /** Keyword (lowercase) -> values in order, with the line of each. */
  entries: Array<{ key: string; value: string; line: number }>;
  /** A Match block: its options are not applied. */
  match?: boolean;
}

const KEYS = new Set(['hostname', 'port', 'user', 'identityfile', 'proxyjump']);

/** Splits `Key value`, `Key=value`, `Key = "quoted value"`; undefined for blank and comment lines. */
function splitLine(raw: string): { key: string; value: string } | undefined | null {
  const line = raw.trim();
  if (!line || line.startsWith('#')) return undefined;
  const match = /^([A-Za-z][A-Za-z0-9]*)(?:\s*=\s*|\s+)(.*)$/.exec(line);
  if (!match) return null;
  return { key: match[1]!.toLowerCase(), value: match[2]!.trim() };
}

/** Words of a value, honouring double quotes (ssh_config's only quoting). */
function words(value: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) out.push(m[1] ?? m[2]!);
  return out;
}

function isWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern) || pattern.startsWith('!');
}

function globMatches(glob: string, text: string): boolean {
  const re = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(text);
}

/** ssh_config pattern lists: a matching negated pattern vetoes the block. */
function blockMatches(patterns: string[], alias: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (globMatches(negated ? pattern.slice(1) : pattern, alias)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function parseBlocks(text: string, notes: string[]): Block[] {
  const blocks: Block[] = [{ patterns: ['*'], line: 0, entries: [] }]; // options before any Host apply to all
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const parsed = splitLine(raw);
    if (parsed === undefined) return;
    if (parsed === null) return void notes.push(`line ${line}: not "Keyword value"; skipped`);
    if (parsed.key === 'host') {
      blocks.push({ patterns: words(parsed.value), line, entries: [] });
    } else if (parsed.key === 'match') {
      notes.push(`line ${line}: Match blocks are not evaluated; their options are ignored`);
      blocks.push({ patterns: [], line, entries: [], match: true });
    } else if (parsed.key === 'include') {
      notes.push(`line ${line}: Include is not followed (${parsed.value}); import those hosts by hand`);
    } else if (KEYS.has(parsed.key)) {
      blocks.at(-1)!.entries.push({ key: parsed.key, value: parsed.value, line });
    }
  });
  return blocks;
}

/** First value of each key over the blocks that match `alias`, in file order. */
function settingsFor(blocks: Block[], alias: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const block of blocks) {
    if (block.match || !blockMatches(block.patterns, alias)) continue;
    for (const { key, value } of block.entries) if (!settings.has(key)) settings.set(key, value);
  }
  return settings;
}

function expandTokens(
  value: string,
  ctx: { home: string; host: string; port: number; user?: string; alias: string },
): string {
  const tilde = value === '~' || value.startsWith('~/') ? ctx.home + value.slice(1) : value;
  return tilde.replace(/%([%dhprn])/g, (whole, token: string) => {
    switch (token) {
      case '%':
        return '%';
      case 'd':
        return ctx.home;
      case 'h':
        return ctx.host;
      case 'p':
        return String(ctx.port);
      case 'r':
        return ctx.user ?? whole;
      case 'n':
        return ctx.alias;
      default:
        return whole;
    }
  });
}

function parsePort(value: string | undefined, line: string, warnings: string[]): number {
  if (value === undefined) return 22;
  const port = Number(words(value)[0]);
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  warnings.push(`${line}: Port "${value}" is not a port number; 22 is used`);
  return 22;
}

/** `[user@]host[:port]`, or an ssh:// URI. */
function parseHop(hop: string): { user?: string; host: string; port?: number } {
  const uri = /^ssh:\/\/(?:([^@]+)@)?([^:/]+)(?::(\d+))?\/?$/.exec(hop);
  const plain = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hop);
  const m = uri ?? plain;
  if (!m) return { host: hop };
  return {
    ...(m[1] ? { user: m[1] } : {}),
    host: m[2]!.replace(/^\[|\]$/g, ''),
    ...(m[3] ? { port: Number(m[3]) } : {}),
  };
}

interface Resolved {
  host: string;
  port: number;
  user?: string;
  identityFile?: string;
}

function resolveAlias(blocks: Block[], alias: string, home: string, warnings: string[]): Resolved {
  const s = settingsFor(blocks, alias);
  const host = s.has('hostname') ? words(s.get('hostname')!)[0]!.replace(/%h/g, alias) : alias;
  const port = parsePort(s.get('port'), alias, warnings);
  const user = s.has('user') ? words(s.get('user')!)[0] : undefined;
  const identity = s.has('identityfile') ? words(s.get('identityfile')!)[0] : undefined;
  const identityFile =
    identity && identity.toLowerCase() !== 'none'
      ? expandTokens(identity, { home, host, port, user, alias })
      : undefined;
  return {
    host,
    port,
    ...(user !== undefined ? { user } : {}),
    ...(identityFile ? { identityFile } : {}),
  };
}

function jumpOf(
  blocks: Block[],
  alias: string,
  value: string | undefined,
  home: string,
  warnings: string[],
): SshConfigJump | undefined {
  if (value === undefined || value.toLowerCase() === 'none') return undefined;
  const hops = value.split(',').map((h) => h.trim());
  if (hops.length > 1)
    warnings.push(`ProxyJump has ${hops.length} hops; only the first (${hops[0]}) is taken over`);
  const hop = parseHop(hops[0]!);
  if (hop.host === alias) {
    warnings.push('ProxyJump names the host itself; ignored');
    return undefined;
  }
  // The hop may be an alias of this file: its HostName, Port, User and key apply (explicit parts win).
  const via = resolveAlias(blocks, hop.host, home, warnings);
  const user = hop.user ?? via.user;
  return {
    alias: hops[0]!,
    host: via.host,
    port: hop.port ?? via.port,
    ...(user !== undefined ? { user } : {}),
    ...(via.identityFile ? { identityFile: via.identityFile } : {}),
  };
}

/** The concrete (non-wildcard) hosts of an ssh_config text, each with its effective settings. */
export function parseSshConfig(text: string, options: { home: string }): SshConfigParse {
  const notes: string[] = [];
  const blocks = parseBlocks(text, notes);
  const hosts: SshConfigHost[] = [];
  const seen = new Set<string>();
  for (const block of blocks) {
    if (block.match || block.line === 0) continue;
    for (const alias of block.patterns) {
      if (isWildcard(alias) || seen.has(alias.toLowerCase())) continue;
      seen.add(alias.toLowerCase());
      const warnings: string[] = [];
      const resolved = resolveAlias(blocks, alias, options.home, warnings);
      const jump = jumpOf(blocks, alias, settingsFor(blocks, alias).get('proxyjump'), options.home, warnings);
      hosts.push({ alias, ...resolved, ...(jump ? { jump } : {}), line: block.line, warnings });
    }
  }
  return { hosts, notes };
}
