import { setTimeout as realTimeout } from 'node:timers';
import { onTestFinished, TestRunner } from 'vitest';

/** Between two looks: short enough not to add to a test's time, long enough to leave the CPU to the code under test. */
const POLL_MS = 25;

/**
 * Polls `check` until it returns a value (anything truthy) and resolves with that value: a test
 * waits for the state it means (a row written, an event heard, a call recorded), not for a time.
 *
 * There is no deadline here on purpose. How long a state takes to arrive says how busy the machine
 * is, not whether snorq works, and a deadline of its own made a test fail on a loaded machine while
 * the code was right. The only limit is the test's (vitest's timeout); when a test fails while a
 * poll still waits, the poll stops and the test's output says what it was waiting for. Called from
 * a hook (no current test), it polls until the value comes or `check` throws (the hook's own
 * timeout fails the file).
 */
export function eventually<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what = 'a condition'): Promise<T> {
  let waiting = true;
  let testEnded = false;
  if (TestRunner.getCurrentTest()) {
    onTestFinished(({ task }) => {
      if (!waiting) return;
      testEnded = true;
      if (task.result?.state === 'fail') console.error(`eventually: still waiting for ${what} when the test failed`);
    });
  }
  return new Promise<T>((resolve, reject) => {
    const look = async (): Promise<void> => {
      if (testEnded) {
        waiting = false;
        reject(new Error(`stopped waiting for ${what}: the test ended`));
        return;
      }
      try {
        const value = await check();
        if (value) {
          waiting = false;
          resolve(value);
          return;
        }
      } catch (err) {
        waiting = false;
        reject(err as Error);
        return;
      }
      // Node's own timer, not the global one: a test that fakes the clock (vi.useFakeTimers) still polls.
      realTimeout(() => void look(), POLL_MS);
    };
    void look();
  });
}
