import type { PlatformCallContext, PlatformFailure } from '../types.ts';
import type { Outcome } from './outcome.ts';

/**
 * The transport every platform client shares: a timeout on every call, a network failure or a
 * timeout as a retryable value, Retry-After read the same way, so that a timeout or a dropped
 * connection means the same thing on every platform.
 */

export type Fetched = { ok: true; res: Response } | { ok: false; failure: PlatformFailure };

/** fetch with AbortSignal.timeout(call.timeoutMs); a network error or timeout is a retryable value. */
export async function timedFetch(call: Pick<PlatformCallContext, 'timeoutMs'>, url: URL | string, init: RequestInit, platform: string): Promise<Fetched> {
  try {
    return { ok: true, res: await fetch(url, { ...init, signal: AbortSignal.timeout(call.timeoutMs) }) };
  } catch (err) {
    return { ok: false, failure: networkFailure(err, call.timeoutMs, platform) };
  }
}

/** The body is read under the same timeout signal, so a stalled body is a timeout too. */
export async function readText(res: Response, call: Pick<PlatformCallContext, 'timeoutMs'>, platform: string): Promise<Outcome<string>> {
  try {
    return { ok: true, value: await res.text() };
  } catch (err) {
    return { ok: false, failure: networkFailure(err, call.timeoutMs, platform) };
  }
}

export function networkFailure(err: unknown, timeoutMs: number, platform: string): PlatformFailure {
  const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  // Only a refused connection proves the request never arrived; a timeout or a connection dropped
  // mid-exchange may have delivered it, and a resend could reach the customer twice.
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined)?.code : undefined;
  const neverArrived = !timedOut && (cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN');
  return {
    code: 'PLATFORM_UNAVAILABLE',
    reason: timedOut ? `${platform} did not answer within ${Math.round(timeoutMs / 100) / 10} s.` : `${platform} could not be reached (network error).`,
    retryable: true,
    platformCode: timedOut ? 'timeout' : 'network',
    ...(!neverArrived && { maybeDelivered: true }),
  };
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterHeader(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds * 1000 : undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now()) || undefined;
}
