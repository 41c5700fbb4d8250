import { defineConfig } from 'vitest/config';

/**
 * How long a node or client test may run before it counts as hung. Tests await facts, so this
 * is a safety net, not a speed target: vitest's 5 s default failed property tests and child
 * processes on a 2-core machine pinned by two busy loops (up to 25 s each there).
 */
const HUNG_MS = 120_000;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/{actors,views,transport,support}/**/*.test.ts', 'test/*.test.ts'],
          environment: 'node',
          testTimeout: HUNG_MS,
          hookTimeout: HUNG_MS,
        },
      },
      {
        test: {
          name: 'client',
          include: ['test/client/**/*.test.ts'],
          environment: 'happy-dom',
          testTimeout: HUNG_MS,
          hookTimeout: HUNG_MS,
        },
      },
      {
        // A real Chromium against a real server; the setup builds the client bundle once.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: HUNG_MS,
          hookTimeout: HUNG_MS,
        },
      },
    ],
  },
});
