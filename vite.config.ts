import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

// The renderer is built once and served two ways: from file:// by Electron and over http://127.0.0.1 by the
// browser-mode host. Relative asset URLs (base './') work in both.
export default defineConfig({
  root: `${here}renderer`,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}dist/renderer`,
    emptyOutDir: true,
    // No inline scripts or eval: the CSP forbids them (script-src 'self').
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
