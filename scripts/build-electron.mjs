// Bundles the Electron main process and the preload with esbuild (CommonJS: Electron's main entry and a
// sandboxed preload, which must be one self-contained file). Native modules stay external and ship in
// node_modules; `electron` is provided by the runtime.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.argv.includes('--production');

// What Electron 45 runs, as far as the installed packages record it (no network needed): Chromium 156
// (electron-to-chromium, which browserslist installs, maps Electron 45.0–45.4 to Chromium 156; a major line
// keeps its Chromium major) and Node 24 (electron 45 depends on @types/node ^24, as 38 did on ^22 while
// shipping Node 22). Targets lower than the runtime are safe; higher ones are not.
const NODE_TARGET = 'node24';
const CHROME_TARGET = 'chrome156';

const common = {
  bundle: true,
  platform: 'node',
  target: NODE_TARGET, // the main process: Electron 45's Node
  format: 'cjs',
  sourcemap: true,
  minify: production,
  logLevel: 'info',
  absWorkingDir: root,
  // conf/electron-store are ESM and use import.meta.url; in a CommonJS bundle it must come from __filename.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

await build({
  ...common,
  entryPoints: ['electron/main/main.ts'],
  outfile: 'dist/electron/main.cjs',
  external: ['electron', 'ssh2', 'cpu-features', '@napi-rs/keyring'],
});

await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  // A sandboxed preload may require('electron') and nothing else from node_modules.
  external: ['electron'],
  platform: 'browser',
  target: CHROME_TARGET, // the preload runs in the renderer: Electron 45's Chromium
  define: {},
  banner: {},
});
