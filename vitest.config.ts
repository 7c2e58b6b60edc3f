import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // One PostgreSQL for the run (embedded, or TEST_DATABASE_URL); each test file makes its own database.
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2 cores here: files in parallel on forks, each with its own database.
    pool: 'forks',
    maxWorkers: 2,
    retry: 0,
  },
});
