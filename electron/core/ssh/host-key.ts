import { judgeHostKey, type RecordedKey } from './host-key-trust';
import { fingerprint, KnownHosts, keyTypeOf } from './known-hosts';
import { SshError, type ConnectOptions } from './types';

interface HostKeyTarget {
  host: string;
  port: number;
  name: string;
}

/**
 * Decides whether to trust the key a server presented, given what the known_hosts sources record for it
 * (loaded once per connection, see connect.ts, so that the algorithms offered and this decision agree).
 * Resolves when trusted (adding it to the app's known_hosts after an explicit acceptance), rejects with an
 * SshError otherwise. Only an unknown key ever reaches the acceptance policy: a changed or revoked key is
 * refused here, so neither the GUI's dialog nor the CLI's --accept-host-key can accept one. The way out of a
 * changed key is to remove the old line on purpose, after finding out why it changed.
 */
export async function verifyHostKey(
  target: HostKeyTarget,
  keyBlob: Buffer,
  opts: ConnectOptions,
  recorded: readonly RecordedKey[],
): Promise<void> {
  const keyType = keyTypeOf(keyBlob);
  const presented = fingerprint(keyBlob);
  const where = target.port === 22 ? target.host : `[${target.host}]:${target.port}`;
  const details = { host: target.host, port: String(target.port), keyType, fingerprint: presented };
  const verdict = judgeHostKey(recorded, keyBlob);

  if (verdict.status === 'known') return;
  if (verdict.status === 'revoked') {
    const { entry } = verdict;
    throw new SshError(
      'host-key-revoked',
      `WARNING: ${target.name} presented the host key ${keyType} ${presented}, which ${entry.file} ` +
        `(line ${entry.line}) marks as @revoked. The connection was refused. A revoked key must not be ` +
        'used again: someone may be impersonating the server with a withdrawn key, or the server still ' +
        'offers a key its administrators revoked. Ask them which key it should present now.',
      { ...details, file: entry.file, line: String(entry.line) },
    );
  }
  if (verdict.status === 'changed')
    throw changedKeyError(target, where, keyType, presented, verdict.recorded);

  const policy = opts.onUnknownHostKey;
  const accepted =
    policy === 'accept' ||
    (typeof policy === 'function' &&
      (await policy({ host: target.host, port: target.port, keyType, fingerprint: presented })));
  if (!accepted) {
    const ca = verdict.certAuthority;
    throw new SshError(
      'host-key-unknown',
      `The host key of ${target.name} is not known yet: ${keyType} ${presented}. Compare this fingerprint ` +
        "with the one the server's administrator gives you (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub " +
        'on the server), then accept it to connect.' +
        (ca
          ? ` ${ca.file} (line ${ca.line}) has a @cert-authority for this host: the app does not support ` +
            'host certificates, so it cannot use that authority and treats the key as unknown.'
          : ''),
      { ...details, ...(ca ? { certAuthority: `${ca.file}:${ca.line}` } : {}) },
    );
  }
  await new KnownHosts(opts.knownHostsPath).add(target.host, target.port, keyType, keyBlob);
}

function changedKeyError(
  target: HostKeyTarget,
  where: string,
  keyType: string,
  presented: string,
  recorded: RecordedKey,
): SshError {
  const recordedFingerprint = fingerprint(recorded.keyBlob);
  const otherType =
    recorded.keyType === keyType
      ? ''
      : `The server no longer presents a ${recorded.keyType} key, only a ${keyType} one: that is a changed ` +
        'identity too (OpenSSH refuses it the same way). ';
  const wayOut = recorded.readOnly
    ? `That entry is in your OpenSSH known_hosts, which the app only reads: once the new fingerprint is ` +
      `verified, remove it with: ssh-keygen -R '${where}' -f ${recorded.file}`
    : `Once the new fingerprint is verified, remove the old entry for ${where} from the app's known_hosts ` +
      '(Servers view: test the connection, then "Forget the recorded key") to accept the new one.';
  return new SshError(
    'host-key-changed',
    `WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for ${target.name} (${where}). ${recorded.file} ` +
      `(line ${recorded.line}) records ${recorded.keyType} ${recordedFingerprint}; the server now presents ` +
      `${keyType} ${presented}. ${otherType}Someone may be intercepting the connection (man-in-the-middle ` +
      'attack), or the server was reinstalled. The connection was refused. Verify the new fingerprint with ' +
      `the server's administrator. ${wayOut}`,
    {
      host: target.host,
      port: String(target.port),
      keyType,
      fingerprint: presented,
      recorded: recordedFingerprint,
      recordedKeyType: recorded.keyType,
      file: recorded.file,
      line: String(recorded.line),
      readOnly: String(recorded.readOnly),
    },
  );
}
