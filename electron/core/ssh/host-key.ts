import { fingerprint, KnownHosts, keyTypeOf } from './known-hosts';
import { SshError, type ConnectOptions } from './types';

interface HostKeyTarget {
  host: string;
  port: number;
  name: string;
}

/**
 * Decides whether to trust the key a server presented. Resolves when trusted (adding it to known_hosts
 * after an explicit acceptance), rejects with an SshError otherwise. A changed key is never accepted here:
 * the engineer has to remove the old line on purpose, after finding out why it changed.
 */
export async function verifyHostKey(
  target: HostKeyTarget,
  keyBlob: Buffer,
  opts: ConnectOptions,
): Promise<void> {
  const knownHosts = new KnownHosts(opts.knownHostsPath);
  const keyType = keyTypeOf(keyBlob);
  const presented = fingerprint(keyBlob);
  const where = target.port === 22 ? target.host : `[${target.host}]:${target.port}`;
  const details = { host: target.host, port: String(target.port), keyType, fingerprint: presented };
  const check = await knownHosts.check(target.host, target.port, keyType, keyBlob);

  if (check.status === 'known') return;
  if (check.status === 'changed') {
    throw new SshError(
      'host-key-changed',
      `WARNING: the host key of ${target.name} has CHANGED. known_hosts (${opts.knownHostsPath}, line ` +
        `${check.line}) has ${check.recorded}, the server now presents ${keyType} ${presented}. ` +
        (check.revoked ? 'That key is marked @revoked. ' : '') +
        'Someone may be intercepting the connection (man-in-the-middle attack), or the server was ' +
        "reinstalled. The connection was refused. Verify the new fingerprint with the server's " +
        `administrator, then remove the old entry for ${where} from known_hosts to accept it.`,
      { ...details, recorded: check.recorded, line: String(check.line) },
    );
  }

  const policy = opts.onUnknownHostKey;
  const accepted =
    policy === 'accept' ||
    (typeof policy === 'function' &&
      (await policy({ host: target.host, port: target.port, keyType, fingerprint: presented })));
  if (!accepted) {
    throw new SshError(
      'host-key-unknown',
      `The host key of ${target.name} is not known yet: ${keyType} ${presented}. Compare this fingerprint ` +
        "with the one the server's administrator gives you (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub " +
        'on the server), then accept it to connect.',
      details,
    );
  }
  await knownHosts.add(target.host, target.port, keyType, keyBlob);
}
