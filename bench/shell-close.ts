/**
 * How long ShellSession.close() takes on the SSH lab: an idle shell, a shell after a step, and a shell
 * whose step is still running (close during a step). Standalone, not part of the bench table:
 *   npx tsx bench/shell-close.ts [rounds]     (as root: it starts the lab)
 */
import { connectServer } from '../electron/core/ssh';
import { startBenchLab } from './lab-env';
import { median } from './stats';

const rounds = Number(process.argv[2] ?? 5);
const env = await startBenchLab(['app']);
try {
  const server = env.inventory.app!;
  const conn = await connectServer(server, env.connectOptions);
  const cases: Record<string, number[]> = { idle: [], 'after a step': [], 'during a step': [] };
  for (let i = 0; i < rounds; i++) {
    for (const name of Object.keys(cases)) {
      const shell = await conn.openShell(80, 24);
      if (name === 'after a step') await shell.runStep('echo hello');
      if (name === 'during a step') void shell.runStep('sleep 30');
      if (name === 'during a step') await new Promise((r) => setTimeout(r, 200));
      const start = performance.now();
      await shell.close();
      cases[name]!.push(performance.now() - start);
    }
  }
  await conn.close();
  for (const [name, times] of Object.entries(cases)) {
    const shown = times.map((t) => t.toFixed(0)).join(', ');
    console.log(`close() ${name.padEnd(14)} median ${median(times).toFixed(0)} ms  (${shown})`);
  }
} finally {
  await env.stop();
}
