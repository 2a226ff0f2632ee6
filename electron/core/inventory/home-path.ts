import os from 'node:os';
import path from 'node:path';

/**
 * `~` and `~/…` as a shell expands them, to the user's home directory: what the key path hint shows
 * (`~/.ssh/id_ed25519`) must work as typed, in the app's own inventory as in an inventory file. `~user/…`
 * is left alone (it would need the passwd database), and so is every other path.
 */
export function expandHomePath(file: string, home: string = os.homedir()): string {
  if (file === '~') return home;
  if (file.startsWith('~/')) return path.join(home, file.slice(2));
  return file;
}
