import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real Redis and Postgres are shared between files; two cores, two forks.
    pool: 'forks',
    maxWorkers: 2,
  },
});

// vitest loads the default export of its config file.
export default config;
