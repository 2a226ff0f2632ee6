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
  type HostKeyStatus,
  type KnownHostEntry,
} from './known-hosts';
export { shellQuote } from './shell-quote';
export * from './types';
