import { randomBytes } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import type { SFTPWrapper } from 'ssh2';
import type { SshConnection } from './connect';
import { shellQuote } from './shell-quote';
import type { FileInstallRequest, FileInstallResult } from './types';

/**
 * Installs a file on the server: the content travels by SFTP (never through the shell, so no quoting or
 * heredoc pitfalls and nothing in the terminal), to a private temp file that `install` then puts in place
 * with its mode and owner in one step. Returns the diff against what was there, for the journal.
 */
export async function installFile(conn: SshConnection, req: FileInstallRequest): Promise<FileInstallResult> {
  validate(req);
  const mode = req.mode ?? '0644';
  const sudo = req.sudo ? 'sudo -n ' : '';
  const before = await readCurrent(conn, req);

  const sftp = await conn.sftp();
  const tmp = `/tmp/.rb-install-${randomBytes(8).toString('hex')}`;
  await writeNew(sftp, tmp, req.content);
  try {
    const owner = req.owner ? splitOwner(req.owner) : undefined;
    const args = [
      'install',
      '-m',
      mode,
      ...(owner?.user ? ['-o', shellQuote(owner.user)] : []),
      ...(owner?.group ? ['-g', shellQuote(owner.group)] : []),
      '--',
      shellQuote(tmp),
      shellQuote(req.path),
    ];
    const res = await conn.exec(sudo + args.join(' '));
    if (res.exitCode !== 0) {
      throw new Error(
        `Installing ${req.path} on ${conn.server.label} failed (exit ${res.exitCode ?? res.signal}): ` +
          `${res.stderr.trim() || res.stdout.trim()}`,
      );
    }
  } finally {
    await unlink(sftp, tmp);
  }

  const previous = before ?? '';
  return {
    diff: createTwoFilesPatch(`a${req.path}`, `b${req.path}`, previous, req.content),
    existed: before !== undefined,
    changed: before === undefined || before !== req.content,
  };
}

function validate(req: FileInstallRequest): void {
  if (!req.path.startsWith('/')) throw new Error(`File path must be absolute: "${req.path}".`);
  if (req.mode !== undefined && !/^[0-7]{3,4}$/.test(req.mode)) {
    throw new Error(`File mode of ${req.path} must be octal like 0644, got "${req.mode}".`);
  }
  if (
    req.owner !== undefined &&
    !/^[a-z_][a-z0-9_.-]*\$?(:[a-z_][a-z0-9_.-]*\$?)?$|^:[a-z_][a-z0-9_.-]*$/i.test(req.owner)
  ) {
    throw new Error(`File owner of ${req.path} must be "user" or "user:group", got "${req.owner}".`);
  }
}

function splitOwner(owner: string): { user?: string; group?: string } {
  const [user, group] = owner.split(':');
  return { user: user || undefined, group: group || undefined };
}

/** The current content, or undefined when there is no such file. */
export async function readCurrent(conn: SshConnection, req: FileInstallRequest): Promise<string | undefined> {
  if (req.sudo) {
    // Exit 3 means "absent", so that a sudo failure (exit 1) is never mistaken for a new file.
    const res = await conn.exec(
      `sudo -n sh -c 'test -e "$1" || exit 3; exec cat -- "$1"' rb-read ${shellQuote(req.path)}`,
    );
    if (res.exitCode === 3) return undefined;
    if (res.exitCode !== 0) {
      throw new Error(
        `Cannot read ${req.path} on ${conn.server.label} with sudo (exit ${res.exitCode ?? res.signal}): ` +
          `${res.stderr.trim()}`,
      );
    }
    return res.stdout;
  }
  const sftp = await conn.sftp();
  return new Promise((resolve, reject) => {
    sftp.readFile(req.path, (err: (Error & { code?: number }) | null | undefined, data: Buffer) => {
      if (err?.code === 2)
        resolve(undefined); // SSH_FX_NO_SUCH_FILE
      else if (err) reject(new Error(`Cannot read ${req.path} on ${conn.server.label}: ${err.message}.`));
      else resolve(data.toString('utf8'));
    });
  });
}

function writeNew(sftp: SFTPWrapper, tmp: string, content: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // 'wx': never follow or reuse something that already sits at the temp path.
    sftp.writeFile(tmp, Buffer.from(content, 'utf8'), { mode: 0o600, flag: 'wx' }, (err) =>
      err ? reject(new Error(`Cannot upload to ${tmp}: ${err.message}.`)) : resolve(),
    );
  });
}

function unlink(sftp: SFTPWrapper, tmp: string): Promise<void> {
  return new Promise((resolve) => sftp.unlink(tmp, () => resolve()));
}
