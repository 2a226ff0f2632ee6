// `npm start`'s launcher, in place of the `electron` CLI. Since Electron 45 the npm package has no
// postinstall: `require('electron')` downloads the binary on first use and, where GitHub cannot be reached,
// throws a stack trace that does not say what to do. This script finds the binary the way the package's
// index.js does, runs the package's own downloader once if it is missing, and otherwise says in one line
// that the browser mode (`npm run web`) is the way to run the app here.
//
// START_ELECTRON_PACKAGE_DIR (tests only, scripts/start-electron.test.ts): the `electron` package folder
// to use instead of node_modules/electron, so a fake package can stand in for it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import path from 'node:path';

const packageDir =
  process.env.START_ELECTRON_PACKAGE_DIR ||
  // package.json, not the package's main: requiring index.js is what would start the download.
  path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));

/** The binary as node_modules/electron/index.js finds it: dist/ + path.txt (written by the downloader). */
function electronBinary() {
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : undefined;
  // The package's own escape hatch (a binary from elsewhere): used as given, never downloaded.
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH)
    return path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
  if (!executable) return undefined;
  const binary = path.join(packageDir, 'dist', executable);
  return existsSync(binary) ? binary : undefined;
}

/** Runs the package's downloader (install.js); its stack trace is kept back, only its reason is returned. */
function download() {
  console.log("Electron's binary is not there yet: downloading it (node_modules/electron/install.js)…");
  const result = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (result.error) return result.error.message;
  if (result.status === 0) return undefined;
  // install.js prints err.stack: "TypeError: fetch failed\n    at …"; the message is what matters.
  const message = /^\s*(?:\w*Error|\w+Exception): (.+)$/m.exec(result.stderr ?? '')?.[1];
  return message ?? `the downloader exited with code ${result.status ?? result.signal}`;
}

function fail(reason) {
  process.stderr.write(
    `Electron's binary could not be downloaded (${reason}); run the app in browser mode instead: npm run web\n`,
  );
  process.exit(1);
}

let binary = electronBinary();
if (!binary) {
  const reason = download();
  binary = electronBinary();
  if (!binary) fail(reason ?? 'the downloader left no binary in node_modules/electron/dist');
}

// As the package's cli.js does: inherit the terminal, pass the termination signals on, exit as Electron did.
const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit', windowsHide: false });
let exited = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!exited) child.kill(signal);
  });
}
child.on('error', (error) => {
  process.stderr.write(`Electron could not be started (${binary}: ${error.message})\n`);
  process.exit(1);
});
child.on('close', (code, signal) => {
  exited = true;
  // Killed by a signal: the shell's convention, 128 + its number.
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
