import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { setPasswordCostForTests } from '../../src/core/auth/passwords.ts';
import { hasOpenPages, saveEvidence, setCurrentFile, setTestRunning } from './failure-evidence.ts';
import { processTreeCpu } from './process-cpu.ts';

/**
 * Runs before every test file (vitest.config.ts `setupFiles`). Passwords are hashed at a low scrypt
 * cost: the suite creates and signs in users by the hundred, each ~100 ms of CPU at production's
 * cost. Production's cost keeps its own test (test/unit/crypto/secret-box.test.ts); snorqs the
 * tests start as separate processes (crash, lifecycle) hash at production's cost.
 */
setPasswordCostForTests('low');

// A browser test that failed leaves its pages' screenshots, texts and console errors
// (test/helpers/failure-evidence.ts). vitest runs afterEach hooks last-registered first, so the
// afterEach below runs after a file's own; a page closed by then (by the test or its afterEach)
// was captured as it closed.
// vitest hands a beforeAll its file second; the first parameter is the fixtures' context, which it
// reads from the parameter list and refuses when it is not a destructuring pattern.
// eslint-disable-next-line no-empty-pattern
beforeAll(({}, file) => setCurrentFile(file));

// The CPU this file's worker and its Chromium used from its first hook to its last
// (process-cpu.ts), for the time reporter. Registered first, this afterAll runs after the file's
// own, which close its pages and snorq.
let cpuAtStart: number | undefined;
beforeAll(() => {
  cpuAtStart = processTreeCpu();
});
// eslint-disable-next-line no-empty-pattern
afterAll(({}, file) => {
  const now = processTreeCpu();
  if (now !== undefined && cpuAtStart !== undefined) file.meta.cpuSeconds = now - cpuAtStart;
});
// A page the test closes itself is captured as it closes while a test runs (failure-evidence.ts).
beforeEach(() => setTestRunning(true));
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && hasOpenPages()) await saveEvidence(task.file.filepath, task.fullTestName ?? task.name, task.result.errors?.[0]?.message);
  setTestRunning(false);
});

declare module '@vitest/runner' {
  interface TaskMeta {
    /** The CPU seconds of the file's worker and its Chromium, from its first hook to its last (time-reporter.ts). */
    cpuSeconds?: number;
  }
}
