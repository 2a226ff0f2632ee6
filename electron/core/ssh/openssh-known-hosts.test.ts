import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownHostsSources, openSshKnownHostsFiles } from './openssh-known-hosts';

describe('OpenSSH known_hosts sources', () => {
  it('are the user and global defaults of OpenSSH, under the given home', () => {
    expect(openSshKnownHostsFiles('/home/eng', 'linux')).toEqual([
      path.join('/home/eng', '.ssh', 'known_hosts'),
      path.join('/home/eng', '.ssh', 'known_hosts2'),
      '/etc/ssh/ssh_known_hosts',
      '/etc/ssh/ssh_known_hosts2',
    ]);
  });

  it('put the app file first and writable, the others read-only, never the app file twice', () => {
    expect(
      knownHostsSources({
        knownHostsPath: '/data/known_hosts',
        trustedKnownHostsFiles: ['/u/kh', '/data/known_hosts'],
      }),
    ).toEqual([
      { path: '/data/known_hosts', readOnly: false },
      { path: '/u/kh', readOnly: true },
    ]);
    expect(knownHostsSources({ knownHostsPath: '/data/known_hosts' })).toEqual([
      { path: '/data/known_hosts', readOnly: false },
    ]);
  });
});
