import { describe, expect, it } from 'vitest';
import { cpuBetween, fullPathGrouping, parseStat, type CpuSnapshot, type ProcessCpu } from './cpu-accounting';

describe('parseStat', () => {
  it('reads ppid and CPU ticks after the command name, even one with spaces and parentheses', () => {
    const line =
      '4242 (Web Content (x)) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 30 20 20 0 12 0 100 0 0';
    expect(parseStat(line, false)).toEqual({ ppid: 17, ticks: 300 });
    expect(parseStat(line, true)).toEqual({ ppid: 17, ticks: 350 });
  });
});

function proc(pid: number, cmdline: string, ticks: number, extra: Partial<ProcessCpu> = {}): ProcessCpu {
  return { pid, ppid: 1, uid: 0, cmdline, ticks, mainThreadTicks: 0, ...extra };
}

describe('cpuBetween with the full path’s groups', () => {
  const group = fullPathGrouping('rblab', 1001);

  it('splits the page’s renderer, groups the backend, the lab and the kernel, counts newcomers whole', () => {
    const renderer = '/usr/lib/chromium/chromium --type=renderer --lang=fr';
    const before: CpuSnapshot = new Map([
      [10, proc(10, renderer, 100, { mainThreadTicks: 80 })],
      [11, proc(11, '/usr/lib/chromium/chromium --type=gpu-process', 50)],
      [20, proc(20, 'node --import tsx bench/web-host.ts --data-dir /tmp/x', 40)],
      [30, proc(30, 'sshd: rblab [priv]', 5)],
      [31, proc(31, '-bash', 3, { uid: 1001 })],
      [40, proc(40, '', 7, { ppid: 2 })],
      [50, proc(50, 'old process', 9)],
    ]);
    const after: CpuSnapshot = new Map([
      [10, proc(10, renderer, 400, { mainThreadTicks: 300 })],
      [11, proc(11, '/usr/lib/chromium/chromium --type=gpu-process', 70)],
      [20, proc(20, 'node --import tsx bench/web-host.ts --data-dir /tmp/x', 140)],
      [30, proc(30, 'sshd: rblab [priv]', 10)],
      // The shell reaped a `cat`: its time came in with cutime.
      [31, proc(31, '-bash', 53, { uid: 1001 })],
      [40, proc(40, '', 17, { ppid: 2 })],
      // Same pid, another program: a new process, counted whole.
      [50, proc(50, 'new process', 4)],
      [60, proc(60, 'python3 something', 2)],
    ]);
    expect(Object.fromEntries(cpuBetween(before, after, group))).toEqual({
      'page main thread': 2200,
      'Chromium, other threads': 800 + 200,
      backend: 1000,
      'lab server side': 50 + 500,
      'kernel threads': 100,
      other: 40 + 20,
    });
  });
});
