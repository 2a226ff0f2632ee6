/**
 * Browser mode: `npm run web` (vite build, then this). Serves the app on http://127.0.0.1 with the same
 * backend, data dir and keychain as the desktop app, for machines where Electron cannot run.
 *
 *   tsx electron/web/main.ts [--port N] [--data-dir DIR] [--runbooks-dir DIR]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { composeBackend } from '../core/backend/compose';
import { startWebHost } from './host';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'runbooks-dir': { type: 'string' },
    },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port: expected a port number (0-65535), got "${values.port}"`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const backend = composeBackend({
    mode: 'browser',
    version: pkg.version,
    runbooksDir: path.resolve(values['runbooks-dir'] ?? path.join(repoRoot, 'runbooks')),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  });
  const host = await startWebHost({
    api: backend,
    staticDir: path.join(repoRoot, 'dist', 'renderer'),
    port,
    // The link is one-time (host.ts): once a browser used it, the next browser needs this fresh one.
    onLinkUsed: (url) =>
      process.stdout.write(
        `That link is now used. For another browser, or after closing this one, open (one use):\n\n  ${url}\n\n`,
      ),
    // The frame itself is never logged: it may be a paste holding a password.
    onConnectionError: (error) =>
      process.stderr.write(`runbook web: closed one api connection: ${error.message}\n`),
  });
  const info = await backend.appInfo();

  process.stdout.write(
    `OC Pizzas Runbook (browser mode) — data: ${info.dataDir}\n` +
      `Open this link (it works once, for one browser; do not share it):\n\n  ${host.url}\n\n` +
      'Ctrl-C to stop.\n',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping (open runs are closed and can be resumed)…\n`);
    await backend.dispose('the browser-mode host was stopped');
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`runbook web: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
