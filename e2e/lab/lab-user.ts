import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

/**
 * The throwaway Unix account the lab's sshd servers accept: created once (as root), with passwordless sudo
 * and a random password kept in a root-only file, so that concurrent labs (other test files, other
 * helpers) agree on it instead of overwriting each other's.
 */
export const LAB_USER = 'rblab';
const STATE_DIR = '/var/lib/rblab';
const PASSWORD_FILE = `${STATE_DIR}/password`;

export interface LabUser {
  name: string;
  password: string;
  home: string;
}

export function ensureLabUser(name = LAB_USER): LabUser {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'The SSH lab needs root (it creates the rblab user and runs sshd). Run the tests as root.',
    );
  }
  if (!userExists(name)) {
    try {
      execFileSync('useradd', ['--create-home', '--shell', '/bin/bash', name], { stdio: 'pipe' });
    } catch (err) {
      if (!userExists(name)) throw err; // another lab created it at the same moment: fine
    }
  }
  const sudoers = `/etc/sudoers.d/${name}`;
  if (!fs.existsSync(sudoers)) {
    fs.writeFileSync(sudoers, `${name} ALL=(ALL) NOPASSWD:ALL\n`, { mode: 0o440 });
  }
  const password = ensurePassword(name);
  const home =
    execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).split(':')[5] ?? `/home/${name}`;
  return { name, password, home };
}

function ensurePassword(name: string): string {
  fs.mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  const candidate = randomBytes(12).toString('base64url');
  try {
    fs.writeFileSync(PASSWORD_FILE, candidate, { mode: 0o600, flag: 'wx' });
    execFileSync('chpasswd', { input: `${name}:${candidate}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
    return candidate;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const password = fs.readFileSync(PASSWORD_FILE, 'utf8').trim();
  // The file may have survived a reinstalled machine while /etc/shadow did not: make sure they agree.
  if (!shadowIsSet(name)) {
    execFileSync('chpasswd', { input: `${name}:${password}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
  }
  return password;
}

function userExists(name: string): boolean {
  try {
    execFileSync('id', [name], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function shadowIsSet(name: string): boolean {
  const line = execFileSync('getent', ['shadow', name], { encoding: 'utf8' });
  const hash = line.split(':')[1] ?? '';
  return hash.startsWith('$');
}
