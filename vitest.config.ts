import { defineConfig } from 'vitest/config';

// Three projects: fast unit tests beside the code, integration tests against the real SSH lab
// (sshd on loopback + Secret Service), and the opt-in rehearsal of the dossier's runbooks.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'electron/**/*.test.ts',
            'renderer/**/*.test.{ts,tsx}',
            'bench/**/*.test.ts',
            'e2e/lab/**/*.test.ts',
            'e2e/repeat/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['e2e/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'rehearsal',
          include: ['e2e/rehearsal/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
