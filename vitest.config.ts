import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** A test's limit. A slow test is made faster, not given more (CONTRIBUTING.md, "The suite's time"). */
const TEST_TIMEOUT = 30_000;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // One PostgreSQL for the run (embedded, or TEST_DATABASE_URL); each test file makes its own database.
    globalSetup: ['test/helpers/global-setup.ts'],
    // Before each file: test-only settings such as the low password-hashing cost (each-file.ts).
    setupFiles: ['test/helpers/each-file.ts'],
    testTimeout: TEST_TIMEOUT,
    // expect.poll waits for its state as long as the test may: its own default (1 s) was a
    // deadline that a loaded machine could miss while the state was on its way. Playwright's
    // waits have the same 30 s by default, and the browser tests pass none of their own.
    expect: { poll: { timeout: TEST_TIMEOUT } },
    hookTimeout: 60_000,
    // Files in parallel on forks, each with its own database: one worker more than there are cores,
    // because a file spends about a fifth of its time waiting (for PostgreSQL, for Chromium, for its
    // own servers) and a third worker keeps two cores busy meanwhile. On this 2-core machine, whole
    // runs alternating, load 1–6: 3 workers 155.6 and 161.6 s, 2 workers 183.7 and 165.5 s (4
    // workers: 154.0 s, no better). At most 4: each worker holds a Chromium, its files' snorq and up
    // to ~15 of the run's PostgreSQL connections (max_connections 100).
    pool: 'forks',
    maxWorkers: Math.min(availableParallelism() + 1, 4),
    // A worker runs its files one after another in one module graph instead of importing snorq
    // afresh for each file: imports were ~30% of the suite's time (unit and web tests: 181 s → 54 s
    // wall, CPU 79 s → 22 s). Test files share no module state: each makes its own database, app,
    // simulator and browser, and every file passed both ways; a stubbed global (live-cache.test.ts
    // stubs fetch) is restored after each test whatever the test does.
    isolate: false,
    unstubGlobals: true,
    retry: 0,
  },
});
