import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { ServerConfig } from '../inventory/model';
import { fingerprint, hostToken, hostsFieldMatches, parseKnownHosts } from '../ssh/known-hosts';

/**
 * Removes the known_hosts entries of a server (or of its jump host) whose key has exactly `recorded`'s
 * fingerprint: the one the engineer was shown next to the new key, and chose to forget after checking the new
 * one out of band. Other keys of the host, and @revoked / @cert-authority lines, are kept. The file is
 * rewritten through a temporary file and a rename, so a crash leaves the old or the new file, never half.
 */
export async function forgetHostKey(
  knownHostsPath: string,
  server: ServerConfig,
  recorded: string,
): Promise<{ removed: number }> {
  let text: string;
  try {
    text = await fs.readFile(knownHostsPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed: 0 };
    throw error;
  }
  const tokens = [hostToken(server.host, server.port)];
  if (server.jump) tokens.push(hostToken(server.jump.host, server.jump.port));
  const doomed = new Set(
    parseKnownHosts(text)
      .filter(
        (e) =>
          e.marker === undefined &&
          tokens.some((token) => hostsFieldMatches(e.hosts, token)) &&
          fingerprint(Buffer.from(e.keyBase64, 'base64')) === recorded,
      )
      .map((e) => e.line),
  );
  if (doomed.size === 0) return { removed: 0 };
  const kept = text
    .split('\n')
    .filter((_, index) => !doomed.has(index + 1))
    .join('\n');
  const tmp = `${knownHostsPath}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.writeFile(tmp, kept, { mode: 0o600, flag: 'wx' });
    await fs.rename(tmp, knownHostsPath);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
  return { removed: doomed.size };
}
