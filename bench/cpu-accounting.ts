import fs from 'node:fs';
import os from 'node:os';

/**
 * Where the CPU goes during a measurement: every process's CPU time (Linux /proc) before and after, put
 * into groups. The full path of figure 1 runs a dozen busy threads on two cores (the page, Chromium's
 * compositor and network threads, the backend, and the lab's sshd and `cat`, which in production run on
 * another machine); when the machine is short of cores, these shares say who took them.
 *
 * Per process, user + system time of all its threads plus that of its children it has reaped (so a `cat`
 * that exits during the measurement is counted, in its shell's share). The page's main thread is counted
 * apart from the rest of its renderer process.
 */

export interface ProcessCpu {
  pid: number;
  ppid: number;
  uid: number;
  /** The command line, NUL separators turned into spaces (process titles such as "sshd: user@pts/0"). */
  cmdline: string;
  /** Clock ticks: own (all threads) + reaped children. */
  ticks: number;
  /** Clock ticks of the main thread (tid = pid) alone. */
  mainThreadTicks: number;
}

export type CpuSnapshot = Map<number, ProcessCpu>;

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux, whatever the kernel's HZ

/** utime + stime (+ cutime + cstime when `withChildren`) and ppid from a /proc/.../stat line. */
export function parseStat(line: string, withChildren: boolean): { ppid: number; ticks: number } {
  // Field 2 (the command name) may hold spaces and parentheses: fields are counted after its last ')'.
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
  const at = (field: number) => Number(fields[field - 3]);
  const own = at(14) + at(15);
  return { ppid: at(4), ticks: withChildren ? own + at(16) + at(17) : own };
}

export function snapshotCpu(): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const stat = parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'), true);
      const main = parseStat(fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8'), false);
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.set(pid, { pid, ppid: stat.ppid, uid, cmdline, ticks: stat.ticks, mainThreadTicks: main.ticks });
    } catch {
      // exited meanwhile: its reaped time shows in its parent's share
    }
  }
  return out;
}

/**
 * CPU ms per group between two snapshots. `groupOf` names a process's group, or two: `main` for its main
 * thread and `rest` for its other threads (the page's renderer).
 */
export type Grouping = (p: ProcessCpu) => string | { main: string; rest: string };

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, groupOf: Grouping): Map<string, number> {
  const groups = new Map<string, number>();
  const add = (group: string, ticks: number) => {
    if (ticks > 0) groups.set(group, (groups.get(group) ?? 0) + ticks * TICK_MS);
  };
  for (const [pid, now] of after) {
    const then = before.get(pid);
    // A pid seen only at the end started during the measurement: all its time is new.
    const same = then && then.cmdline === now.cmdline ? then : undefined;
    const ticks = now.ticks - (same?.ticks ?? 0);
    const group = groupOf(now);
    if (typeof group === 'string') add(group, ticks);
    else {
      const mainTicks = now.mainThreadTicks - (same?.mainThreadTicks ?? 0);
      add(group.main, mainTicks);
      add(group.rest, ticks - mainTicks);
    }
  }
  return groups;
}

/** The groups of figure 1's full path, by what runs where; the lab's processes run as `labUser`. */
export function fullPathGrouping(labUser: string, labUid: number | undefined): Grouping {
  return (p) => {
    if (p.pid === 2 || p.ppid === 2) return 'kernel threads';
    if (/(^|\/)chromium\b|--type=(renderer|gpu-process|utility|zygote)/.test(p.cmdline)) {
      return /--type=renderer/.test(p.cmdline) && !/--extension-process/.test(p.cmdline)
        ? { main: 'page main thread', rest: 'Chromium, other threads' }
        : 'Chromium, other threads';
    }
    if (/bench\/web-host\.ts/.test(p.cmdline)) return 'backend';
    if (p.uid === labUid || p.cmdline.startsWith(`sshd: ${labUser}`)) return 'lab server side';
    return 'other';
  };
}

/** The uid of a local account, or undefined. */
export function uidOf(user: string): number | undefined {
  try {
    const line = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${user}:`));
    const uid = Number(line?.split(':')[2]);
    return Number.isInteger(uid) ? uid : undefined;
  } catch {
    return undefined;
  }
}

/** The number of cores: the groups' sum over the wall time says how busy they were. */
export const CORES = os.cpus().length;
