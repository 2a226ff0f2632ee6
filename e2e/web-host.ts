/**
 * Starts the browser-mode host as an engineer would (`tsx electron/web/main.ts --port 0`) and reads the URL it
 * prints (token included). Shared by the Playwright global setup and the specs that need a host of their own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface WebHost {
  child: ChildProcess;
  /** http://127.0.0.1:<port>/#token=… */
  url: string;
  /** Stops this one process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

export async function startWebHost(options: { dataDir: string; runbooksDir?: string }): Promise<WebHost> {
  const args = ['--import', 'tsx', 'electron/web/main.ts', '--port', '0', '--data-dir', options.dataDir];
  if (options.runbooksDir) args.push('--runbooks-dir', options.runbooksDir);
  // node --import tsx (not npx): one process, so stop() ends exactly the host it started.
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, RUNBOOK_DATA_DIR: options.dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not print its URL:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\S*#token=[A-Za-z0-9_-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited (${code}) before printing its URL:\n${output}`));
    });
  });
  return {
    child,
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
