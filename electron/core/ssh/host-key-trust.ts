import { promises as fs } from 'node:fs';
import { hostToken, hostsFieldMatches, keyTypeOf, parseKnownHosts, type KnownHostEntry } from './known-hosts';

/**
 * What every known_hosts source says about one host, and what that means for the key a server presents.
 * The rules are OpenSSH's (sshconnect.c check_host_key, hostfile.c), checked side by side with `ssh` in
 * e2e/integration/ssh-host-keys.test.ts: a key recorded anywhere is known; a presented key listed as @revoked
 * is refused; any other recorded key for the host, of the same type or not, means the identity CHANGED
 * (OpenSSH 9.2 says "REMOTE HOST IDENTIFICATION HAS CHANGED" for a key of another type too, even with
 * accept-new). Only an unknown key may be offered to the engineer. See docs/security-host-keys.md.
 */

/** A known_hosts file and whether the app may write it (only its own file). */
export interface KnownHostsSource {
  path: string;
  readOnly: boolean;
}

/** An entry that applies to the host, with the file it came from. */
export interface RecordedKey extends KnownHostEntry {
  file: string;
  readOnly: boolean;
  /** The decoded key blob (for @cert-authority: the CA's key). */
  keyBlob: Buffer;
}

export type HostKeyVerdict =
  | { status: 'known'; entry: RecordedKey }
  /** The presented key itself is listed as @revoked: refused whatever else is recorded. */
  | { status: 'revoked'; entry: RecordedKey }
  /**
   * Keys are recorded for the host and the presented one is none of them. `recorded` is the one to show: of
   * the presented key's type if there is one, else the first recorded.
   */
  | { status: 'changed'; recorded: RecordedKey }
  /** Nothing recorded. `certAuthority`: a @cert-authority applies to the host, which the app cannot use. */
  | { status: 'unknown'; certAuthority?: RecordedKey };

/**
 * The entries of all sources that apply to host:port, in source order then line order. A read-only source
 * that cannot be read is skipped, as OpenSSH skips a known_hosts it cannot open; the app's own file must
 * be readable (a failure there is an error, not "nothing recorded").
 */
export async function loadRecordedKeys(
  sources: readonly KnownHostsSource[],
  host: string,
  port: number,
): Promise<RecordedKey[]> {
  const token = hostToken(host, port);
  const recorded: RecordedKey[] = [];
  for (const source of sources) {
    const text = await readSource(source);
    for (const entry of parseKnownHosts(text)) {
      if (!hostsFieldMatches(entry.hosts, token)) continue;
      const keyBlob = decodeKey(entry);
      if (keyBlob) recorded.push({ ...entry, file: source.path, readOnly: source.readOnly, keyBlob });
    }
  }
  return recorded;
}

export function judgeHostKey(recorded: readonly RecordedKey[], keyBlob: Buffer): HostKeyVerdict {
  const revoked = recorded.find((e) => e.marker === 'revoked' && e.keyBlob.equals(keyBlob));
  if (revoked) return { status: 'revoked', entry: revoked };
  // A @revoked line is a deny list, not a record of the host's identity: it neither trusts nor makes
  // "changed". A @cert-authority line would trust certificates, which ssh2 cannot verify.
  const plain = recorded.filter((e) => e.marker === undefined);
  const match = plain.find((e) => e.keyBlob.equals(keyBlob));
  if (match) return { status: 'known', entry: match };
  const first = plain[0];
  if (first) {
    const type = keyTypeOf(keyBlob);
    return { status: 'changed', recorded: plain.find((e) => e.keyType === type) ?? first };
  }
  const certAuthority = recorded.find((e) => e.marker === 'cert-authority');
  return certAuthority ? { status: 'unknown', certAuthority } : { status: 'unknown' };
}

async function readSource(source: KnownHostsSource): Promise<string> {
  try {
    return await fs.readFile(source.path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (
      code === 'ENOENT' ||
      (source.readOnly && (code === 'EACCES' || code === 'ENOTDIR' || code === 'EISDIR'))
    )
      return '';
    throw err;
  }
}

/**
 * The key blob of an entry, or undefined when it is not a key of the type its line says (OpenSSH skips such
 * a line as invalid, so must we: a mangled line must not make a host "changed").
 */
function decodeKey(entry: KnownHostEntry): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(entry.keyBase64)) return undefined;
  const blob = Buffer.from(entry.keyBase64, 'base64');
  try {
    return keyTypeOf(blob) === entry.keyType ? blob : undefined;
  } catch {
    return undefined;
  }
}
