import { defineConfig } from 'vitest/config';

// Each test file runs in its own process: the embedded engine is one per process and per
// data directory, so isolation by process is what keeps test files independent.
export default defineConfig({
  test: {
    pool: 'forks',
    isolate: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
