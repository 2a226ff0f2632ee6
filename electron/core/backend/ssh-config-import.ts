import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSshConfig } from '../inventory/ssh-config';
import type { SshConfigImport } from '../contract/types';

/** ~/.ssh/config of the user the backend runs as (the engineer: the app runs on their machine). */
export function defaultSshConfigPath(home = os.homedir()): string {
  return path.join(home, '.ssh', 'config');
}

/**
 * Reads an ssh_config file and offers its concrete hosts. Nothing is saved: the engineer picks a host for a
 * role in the Servers view, which then goes through upsertServer like any other server.
 */
export async function importSshConfig(file: string, home = os.homedir()): Promise<SshConfigImport> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { path: file, found: false, hosts: [], notes: [] };
    throw error;
  }
  const { hosts, notes } = parseSshConfig(text, { home });
  return { path: file, found: true, hosts, notes };
}
