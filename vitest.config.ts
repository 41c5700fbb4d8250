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
        test: {
          name: 'dom',
          include: ['test/client/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
});
