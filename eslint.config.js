import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Layering rules (ARCHITECTURE.md): only electron/main and electron/preload import electron;
// electron/core never imports electron or React; the renderer never imports Node modules or runtime code
// from electron/ (type-only imports of the contract are fine).
const nodeBuiltins = ['fs', 'child_process', 'net', 'os', 'path', 'ssh2', 'crypto', 'http', 'stream'].flatMap(
  (m) => [m, `node:${m}`],
);

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'release',
      'test-results',
      'playwright-report',
      'e2e/fixtures/**',
      'bench/results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['electron/core/**', 'electron/cli/**', 'electron/web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' },
          ],
          patterns: ['react', 'react-dom'],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron'].map((name) => ({
            name,
            message: 'The renderer runs in a browser.',
          })),
          patterns: [
            {
              // A regex, not a gitignore group: a negated group cannot re-include a file whose parent
              // folder (electron/core) the first group already excluded.
              regex: '(^|/)electron/(?!core/contract/)',
              message: 'Import only the contract (type-only) from electron/.',
            },
          ],
        },
      ],
    },
  },
);
