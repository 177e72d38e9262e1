import { defineConfig } from 'vitest/config';

// Each test file runs in its own process: the embedded engine is one per process and per
// data directory, so isolation by process is what keeps test files independent.
export default defineConfig({
  test: {
    pool: 'forks',
    isolate: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    // A poll that waits on a sign-in waits on a scrypt check; on a loaded 2-core machine one
    // answer can take longer than vitest's default second.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
