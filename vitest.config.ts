import { defineConfig } from 'vitest/config';

// CPU-bound tests (property runs, a worker counting primes, a bundle build) take several times
// vitest's 5 s default on a loaded 2-core machine; a timeout says a test hangs, not that it is slow.
const SLOW_MACHINE_MS = 30_000;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/{actors,views,transport,support}/**/*.test.ts', 'test/*.test.ts'],
          environment: 'node',
          testTimeout: SLOW_MACHINE_MS,
        },
      },
      {
        test: {
          name: 'client',
          include: ['test/client/**/*.test.ts'],
          environment: 'happy-dom',
          testTimeout: SLOW_MACHINE_MS,
        },
      },
      {
        // A real Chromium against a real server; the setup builds the client bundle once.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: SLOW_MACHINE_MS,
          hookTimeout: SLOW_MACHINE_MS,
        },
      },
    ],
  },
});
