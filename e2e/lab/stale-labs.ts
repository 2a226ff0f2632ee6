import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killTree } from './proc-tree';

/**
 * Labs left behind by a test process that died without running its exit hook (SIGKILLed worker, crash):
 * each lab dir records its owner pid; a dir whose owner is gone has its sshd servers killed and is removed.
 * Live labs of other processes (other test files, other developers' runs) are never touched.
 */
export const OWNER_FILE = 'owner.pid';

export function reapStaleLabs(tmp = os.tmpdir()): void {
  for (const name of fs.readdirSync(tmp)) {
    if (!name.startsWith('rblab-')) continue;
    const dir = path.join(tmp, name);
    const owner = Number(readOr(path.join(dir, OWNER_FILE), ''));
    if (!owner || isAlive(owner)) continue;
    for (const pidFile of findPidFiles(dir)) {
      const pid = Number(readOr(pidFile, ''));
      // Only a process that is really this lab's sshd: pids get reused.
      if (pid && readOr(`/proc/${pid}/cmdline`, '').includes(dir)) killTree(pid);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function findPidFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(dir, e.name, 'sshd.pid'))
      .filter((f) => fs.existsSync(f));
  } catch {
    return [];
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return fallback;
  }
}
