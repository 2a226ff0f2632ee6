import { createHash, createHmac, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Fingerprint } from './types';

/**
 * known_hosts in OpenSSH format: the app's own file (so that it can be inspected, and its entries copied, with
 * the usual tools) and the engineer's OpenSSH files, read as they are. Reads plain (`host`, `[host]:port`,
 * comma lists, `*`/`?` wildcards, `!` negation) and hashed (`|1|salt|hash`) host fields, and the @revoked and
 * @cert-authority markers. Writes plain entries: the file is the app's, and a readable host column helps the
 * engineer audit it. What the entries mean for a presented key is host-key-trust.ts's job.
 */

export interface KnownHostEntry {
  /** 1-based line number, for error messages. */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  hosts: string;
  keyType: string;
  keyBase64: string;
}

/** "SHA256:" + unpadded base64 of the SHA-256 of the key blob, as `ssh-keygen -l` prints it. */
export function fingerprint(keyBlob: Buffer): Fingerprint {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** The key type is the first string of the SSH wire-format key blob (e.g. "ssh-ed25519"). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) throw new Error('Host key blob is too short.');
  const len = keyBlob.readUInt32BE(0);
  if (len > 64 || 4 + len > keyBlob.length) throw new Error('Host key blob has no valid key type.');
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** The host column for a host and port: `host` for 22, `[host]:port` otherwise (as OpenSSH writes it). */
export function hostToken(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return; // unknown marker: skip, like OpenSSH
    }
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64) return; // malformed: skip, like OpenSSH
    entries.push({ line: index + 1, marker, hosts, keyType, keyBase64 });
  });
  return entries;
}

/** Does the host column of an entry match `token` (see hostToken)? */
export function hostsFieldMatches(hosts: string, token: string): boolean {
  if (hosts.startsWith('|1|')) return hashedHostMatches(hosts, token);
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (!pattern) continue;
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    if (globMatches(glob.toLowerCase(), token)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function hashedHostMatches(field: string, token: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (!salt || !hash) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(token).digest('base64');
  return digest === hash;
}

function globMatches(glob: string, text: string): boolean {
  if (!/[*?]/.test(glob)) return glob === text;
  const re = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(text);
}

/**
 * The app's own known_hosts file: the only one the app writes. Deciding whether a key is trusted needs every
 * source (see host-key-trust.ts); this class only reads its file and appends accepted keys to it.
 */
export class KnownHosts {
  constructor(readonly filePath: string) {}

  /** Appends an entry. Writes a new file and renames it over the old one, so a crash leaves either. */
  async add(host: string, port: number, keyType: string, keyBlob: Buffer): Promise<void> {
    const line = `${hostToken(host, port)} ${keyType} ${keyBlob.toString('base64')}\n`;
    await serialized(this.filePath, async () => {
      let current = '';
      try {
        current = await fs.readFile(this.filePath, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      if (current && !current.endsWith('\n')) current += '\n';
      await fs.mkdir(path.dirname(this.filePath), { recursive: true, mode: 0o700 });
      const tmp = `${this.filePath}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await fs.writeFile(tmp, current + line, { mode: 0o600, flag: 'wx' });
        await fs.rename(tmp, this.filePath);
      } catch (err) {
        await fs.rm(tmp, { force: true });
        throw err;
      }
    });
  }
}

/** Two accepts in the same process (two servers connecting at once) must not lose one line. */
const queues = new Map<string, Promise<unknown>>();
function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  queues.set(
    key,
    next.catch(() => {}),
  );
  return next;
}
