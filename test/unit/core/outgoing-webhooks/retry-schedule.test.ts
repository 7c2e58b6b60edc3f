import { describe, expect, it } from 'vitest';
import { GIVE_UP_AFTER_MS, nextAttemptAt, retryDelayMs } from '../../../../src/core/outgoing-webhooks/retry-schedule.ts';

/** The retry schedule of outgoing webhooks: exponential, jittered, capped, ending 24 h after the delivery was enqueued. */
const policy = { baseMs: 30_000, maxMs: 3_600_000 };

describe('retryDelayMs', () => {
  it('doubles after each failure, between half and all of the exponential delay', () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, low))).toEqual([15_000, 30_000, 60_000, 120_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, high))).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it('spreads retries by jitter, never below half the step', () => {
    const delays = [0.1, 0.4, 0.7].map((r) => retryDelayMs(3, policy, () => r));
    expect(new Set(delays).size).toBe(3);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(60_000);
  });

  it('is capped at maxMs however many failures, with no overflow', () => {
    for (const failures of [8, 9, 500]) {
      expect(retryDelayMs(failures, policy, () => 0.999999)).toBeGreaterThan(3_599_990);
      expect(retryDelayMs(failures, policy, () => 0.999999)).toBeLessThanOrEqual(3_600_000);
    }
    expect(retryDelayMs(500, policy, () => 0)).toBe(1_800_000);
  });
});

describe('nextAttemptAt', () => {
  const start = new Date('2026-03-29T00:30:00Z');
  const giveUpAt = new Date(start.getTime() + GIVE_UP_AFTER_MS);

  it('follows the clock it is given', () => {
    expect(nextAttemptAt(1, start, giveUpAt, policy, () => 0)).toEqual(new Date(start.getTime() + 15_000));
  });

  it('keeps retrying for 24 h, then gives up; the last attempt is at the give-up time', () => {
    let now = start;
    const times: Date[] = [];
    for (let failures = 1; failures < 100; failures++) {
      const next = nextAttemptAt(failures, now, giveUpAt, policy, () => 0.5);
      if (!next) break;
      times.push(next);
      now = next;
    }
    expect(times.at(-1)).toEqual(giveUpAt);
    expect(nextAttemptAt(times.length + 1, giveUpAt, giveUpAt, policy)).toBeNull();
    // 30 s, 1 min, … up to 1 h apart: about thirty attempts in a day.
    expect(times.length).toBeGreaterThan(20);
    expect(times.length).toBeLessThan(40);
    for (let i = 1; i < times.length; i++) expect(times[i]!.getTime()).toBeGreaterThan(times[i - 1]!.getTime());
  });
});
