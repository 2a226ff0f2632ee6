import { execFile } from 'node:child_process';
import type { LabServer } from '../lab/lab';

/**
 * The real OpenSSH client against a lab server, as the reference the app's host key decisions are compared
 * with. `-F /dev/null` keeps the machine's ssh_config out (Debian's sets HashKnownHosts, for one);
 * UpdateHostKeys=no keeps ssh from adding keys to the files under test after it logged in.
 */
export interface OpenSshFiles {
  /** UserKnownHostsFile: several files, in order (ssh accepts a space-separated list). */
  user: string[];
  /** GlobalKnownHostsFile. */
  global: string[];
}

export interface OpenSshResult {
  connected: boolean;
  stderr: string;
}

/** `ssh -o StrictHostKeyChecking=yes -o BatchMode=yes ... true`: did it log in and run the command? */
export function opensshConnects(
  server: LabServer,
  files: OpenSshFiles,
  extra: string[] = [],
): Promise<OpenSshResult> {
  return runSsh(server, ['-o', 'StrictHostKeyChecking=yes', ...knownHostsOptions(files), ...extra]);
}

/**
 * Lets OpenSSH itself record the server's key (StrictHostKeyChecking=accept-new), as an engineer who
 * connected once with ssh has it: `algorithms` picks which of the server's keys, `hashed` the entry form.
 */
export async function opensshRecords(
  server: LabServer,
  file: string,
  options: { algorithms: string; hashed: boolean },
): Promise<void> {
  const result = await runSsh(server, [
    '-o',
    'StrictHostKeyChecking=accept-new',
    '-o',
    `HostKeyAlgorithms=${options.algorithms}`,
    '-o',
    `HashKnownHosts=${options.hashed ? 'yes' : 'no'}`,
    ...knownHostsOptions({ user: [file], global: [] }),
  ]);
  if (!result.connected) throw new Error(`ssh could not record the host key:\n${result.stderr}`);
}

function knownHostsOptions(files: OpenSshFiles): string[] {
  // An empty list would fall back to OpenSSH's defaults (the real home): point at nothing instead.
  const list = (paths: string[]) => (paths.length ? paths.join(' ') : '/dev/null');
  return ['-o', `UserKnownHostsFile=${list(files.user)}`, '-o', `GlobalKnownHostsFile=${list(files.global)}`];
}

function runSsh(server: LabServer, options: string[]): Promise<OpenSshResult> {
  const args = [
    '-F',
    '/dev/null',
    '-p',
    String(server.port),
    '-i',
    server.keyPath,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'IdentityAgent=none',
    '-o',
    'BatchMode=yes',
    '-o',
    'UpdateHostKeys=no',
    '-o',
    'CheckHostIP=no',
    '-o',
    'ConnectTimeout=10',
    ...options,
    `${server.user}@${server.host}`,
    'true',
  ];
  return new Promise((resolve) => {
    execFile('ssh', args, { encoding: 'utf8' }, (error, _stdout, stderr) => {
      resolve({ connected: !error, stderr });
    });
  });
}
