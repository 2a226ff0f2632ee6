import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// scripts/start-electron.mjs run as `npm start` runs it, against a fake `electron` package folder
// (START_ELECTRON_PACKAGE_DIR): its install.js and its dist/ binary are small Node scripts.
const script = fileURLToPath(new URL('./start-electron.mjs', import.meta.url));
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fake Electron binary: prints its arguments, then runs `body` (a Node script's text). */
function binarySource(body: string): string {
  return `#!${process.execPath}\nconsole.log(JSON.stringify(process.argv.slice(2)));\n${body}\n`;
}

function writeBinary(dir: string, body: string): void {
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  writeFileSync(path.join(dir, 'dist', 'electron'), binarySource(body));
  chmodSync(path.join(dir, 'dist', 'electron'), 0o755);
  writeFileSync(path.join(dir, 'path.txt'), 'electron');
}

/** A fake package; `installer` is the body of its install.js, which also counts its runs in runs.txt. */
function fakePackage(installer: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-electron-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.6.0' }));
  writeFileSync(
    path.join(dir, 'install.js'),
    `require('fs').appendFileSync(require('path').join(__dirname, 'runs.txt'), 'run\\n');\n${installer}\n`,
  );
  return dir;
}

function downloaderRuns(dir: string): number {
  const file = path.join(dir, 'runs.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

function env(dir: string): NodeJS.ProcessEnv {
  const { ELECTRON_OVERRIDE_DIST_PATH: _override, ...rest } = process.env;
  return { ...rest, START_ELECTRON_PACKAGE_DIR: dir };
}

function start(dir: string, args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { env: env(dir), encoding: 'utf8', timeout: 20_000 });
}

// What Electron's install.js does where GitHub cannot be reached: print the error's stack, exit 1.
const OFFLINE_INSTALLER = `Promise.reject(new TypeError('fetch failed')).catch((err) => {
  console.error(err.stack);
  process.exit(1);
});`;

describe.skipIf(process.platform === 'win32')('npm start (scripts/start-electron.mjs)', () => {
  it('runs the downloader once and, when it fails, says so in one line naming the browser mode', () => {
    const dir = fakePackage(OFFLINE_INSTALLER);
    const result = start(dir, ['.']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "Electron's binary could not be downloaded (fetch failed); run the app in browser mode instead: npm run web\n",
    );
    expect(result.stdout).not.toMatch(/\bat /); // no stack trace anywhere
    expect(downloaderRuns(dir)).toBe(1);
  });

  it('gives the exit code as the reason when the downloader prints no error', () => {
    const dir = fakePackage('process.exit(3);');
    const result = start(dir, ['.']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "Electron's binary could not be downloaded (the downloader exited with code 3); run the app in browser mode instead: npm run web\n",
    );
  });

  it('starts a binary already there with the arguments, without downloading, and exits with its code', () => {
    const dir = fakePackage(OFFLINE_INSTALLER);
    writeBinary(dir, 'process.exit(7);');
    const result = start(dir, ['.', '--enable-logging', 'two words']);
    expect(result.stdout).toBe('[".","--enable-logging","two words"]\n');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(7);
    expect(downloaderRuns(dir)).toBe(0);
  });

  it('starts the binary the downloader just fetched (the first `npm start` with a network)', () => {
    const dir = fakePackage(`
const fs = require('fs');
const path = require('path');
fs.mkdirSync(path.join(__dirname, 'dist'));
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), ${JSON.stringify(binarySource(''))}, { mode: 0o755 });
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');`);
    const result = start(dir, ['.']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/downloading it.*\n\["\."\]\n$/);
    expect(result.stderr).toBe('');
    expect(downloaderRuns(dir)).toBe(1);
  });

  it('passes SIGTERM on to Electron and exits as Electron did', async () => {
    const dir = fakePackage(OFFLINE_INSTALLER);
    writeBinary(
      dir,
      `process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(3); });
setInterval(() => {}, 1000);
console.log('ready');`,
    );
    const child = spawn(process.execPath, [script, '.'], { env: env(dir) });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('ready')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await ready;
    child.kill('SIGTERM');
    expect(await exited).toBe(3);
    expect(stdout).toBe('["."]\nready\ngot SIGTERM\n');
  });

  it('exits with 128 + the signal when Electron is killed by one', () => {
    const dir = fakePackage(OFFLINE_INSTALLER);
    writeBinary(dir, "process.kill(process.pid, 'SIGKILL');");
    expect(start(dir, []).status).toBe(128 + 9);
  });
});
