import type { ServerHostKeyAlgorithm } from 'ssh2';
import type { RecordedKey } from './host-key-trust';

/**
 * The host key algorithms we offer, most preferred first: OpenSSH's default HostKeyAlgorithms order without
 * the certificate and security-key variants (ssh2 cannot verify those) and without ssh-rsa, the SHA-1
 * signature OpenSSH stopped offering in 8.8. ssh2's default list still ends with ssh-rsa; this one does not.
 */
export const OFFERED_HOST_KEY_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];

/** The signature algorithms that prove possession of a key of a known_hosts key type. */
function algorithmsOf(keyType: string): ServerHostKeyAlgorithm[] {
  if (keyType === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256'];
  return OFFERED_HOST_KEY_ALGORITHMS.filter((a) => a === keyType);
}

/**
 * ssh2's `algorithms.serverHostKey` for a host: the algorithms of the types recorded for it first, then the
 * others, each group in our order (OpenSSH's order_hostkeyalgs does the same). The server uses the first
 * algorithm of our list it has a key for, so a host recorded with only its RSA key presents that key
 * rather than its ed25519 one (which would look changed). The others stay in the list instead of being
 * dropped so that a server that lost the recorded key still shows the key it has: the engineer then sees a
 * changed-key warning with both fingerprints rather than a bare "no matching host key type".
 * Revoked lines are not preferences (OpenSSH skips them too).
 */
export function hostKeyAlgorithms(recorded: readonly RecordedKey[]): ServerHostKeyAlgorithm[] {
  const preferred = new Set(
    recorded.filter((e) => e.marker === undefined).flatMap((e) => algorithmsOf(e.keyType)),
  );
  return [
    ...OFFERED_HOST_KEY_ALGORITHMS.filter((a) => preferred.has(a)),
    ...OFFERED_HOST_KEY_ALGORITHMS.filter((a) => !preferred.has(a)),
  ];
}
