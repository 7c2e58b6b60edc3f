/**
 * When a failed delivery is tried again: exponential backoff with "equal jitter" (half the delay
 * fixed, half random), so receivers that come back are not hit by every instance's retries at
 * once, capped at `maxMs`, and never later than the delivery's give-up time (24 h after it was
 * enqueued), where it gets one last attempt. Pure: the clock and the randomness are arguments.
 */
export interface RetryPolicy {
  /** The delay after the first failure. */
  baseMs: number;
  /** The longest delay between two attempts. */
  maxMs: number;
}

/** How long to wait after `failedAttempts` failures in a row (1 = the first failure); `random` is in [0, 1). */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 40);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** When to try again, or null when the delivery has reached its give-up time and is failed for good. */
export function nextAttemptAt(failedAttempts: number, now: Date, giveUpAt: Date, policy: RetryPolicy, random: () => number = Math.random): Date | null {
  if (now.getTime() >= giveUpAt.getTime()) return null;
  const at = now.getTime() + retryDelayMs(failedAttempts, policy, random);
  return new Date(Math.min(at, giveUpAt.getTime()));
}

/** How long snorq keeps trying one delivery, and how long a subscription may fail before it is disabled. */
export const GIVE_UP_AFTER_MS = 24 * 3600_000;
