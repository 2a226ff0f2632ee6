import os from 'node:os';
import path from 'node:path';
import type { KnownHostsSource } from './host-key-trust';
import type { ConnectOptions } from './types';

/**
 * OpenSSH's default UserKnownHostsFile and GlobalKnownHostsFile: the files a server the engineer already
 * trusts in `ssh` is recorded in. The app reads them as trust sources and never writes them. `home` is
 * injectable (tests pass a temp dir); by default it is os.homedir(), i.e. $HOME, where OpenSSH uses the
 * passwd entry's home (the same directory unless HOME was changed on purpose).
 */
export function openSshKnownHostsFiles(
  home: string = os.homedir(),
  platform: NodeJS.Platform = process.platform,
): string[] {
  const user = [path.join(home, '.ssh', 'known_hosts'), path.join(home, '.ssh', 'known_hosts2')];
  if (platform === 'win32') {
    const programData = process.env.PROGRAMDATA ?? 'C:\\ProgramData';
    return [...user, path.win32.join(programData, 'ssh', 'ssh_known_hosts')];
  }
  return [...user, '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
}

/** The sources a connection checks host keys against: the app's file (written on accept), then read-only ones. */
export function knownHostsSources(
  opts: Pick<ConnectOptions, 'knownHostsPath' | 'trustedKnownHostsFiles'>,
): KnownHostsSource[] {
  return [
    { path: opts.knownHostsPath, readOnly: false },
    ...(opts.trustedKnownHostsFiles ?? [])
      .filter((file) => file !== opts.knownHostsPath)
      .map((file) => ({ path: file, readOnly: true })),
  ];
}
