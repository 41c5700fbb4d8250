import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/{actors,views,transport,support}/**/*.test.ts', 'test/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // The client's diff cache needs no DOM yet; DOM patching tests will run under happy-dom.
        test: {
          name: 'client',
          include: ['test/client/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
});
