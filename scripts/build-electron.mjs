// Bundles the Electron main process and the preload with esbuild (CommonJS: Electron's main entry and a
// sandboxed preload, which must be one self-contained file). Native modules stay external and ship in
// node_modules; `electron` is provided by the runtime.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22', // Electron 38 ships Node 22
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
  target: 'chrome130',
  define: {},
  banner: {},
});
