// Public API of the SSH layer.
export { connectServer, type SshConnection, type ExecResult } from './connect';
export { installFile } from './file-install';
export {
  KnownHosts,
  fingerprint,
  hostToken,
  hostsFieldMatches,
  keyTypeOf,
  parseKnownHosts,
  type KnownHostEntry,
} from './known-hosts';
export {
  judgeHostKey,
  loadRecordedKeys,
  type HostKeyVerdict,
  type KnownHostsSource,
  type RecordedKey,
} from './host-key-trust';
export { hostKeyAlgorithms, OFFERED_HOST_KEY_ALGORITHMS } from './host-key-algorithms';
export { knownHostsSources, openSshKnownHostsFiles } from './openssh-known-hosts';
export { shellQuote } from './shell-quote';
export * from './types';
