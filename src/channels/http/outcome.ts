import type { z } from 'zod';
import type { PlatformFailure } from '../types.ts';

/**
 * What every platform call returns instead of throwing, whichever platform it calls:
 * a value, or a PlatformFailure an agent can read and the outbox can act on.
 */

export type Failed = { ok: false; failure: PlatformFailure };
/** A call that returns data (a profile, a media file) or a failure value. */
export type Outcome<T> = { ok: true; value: T } | Failed;
/** A call that only acts (mark seen/read). */
export type Done = { ok: true } | Failed;

export const failed = (failure: PlatformFailure): Failed => ({ ok: false, failure });

/** The platform's own code and words as one line of evidence ("131047: Re-engagement message"); nothing without words. */
export function platformEvidence(code: string | number | undefined, words: string | undefined): { platformMessage?: string } {
  const said = words?.trim();
  if (!said) return {};
  return { platformMessage: code === undefined || said.startsWith(String(code)) ? said : `${code}: ${said}` };
}

/** Parse a 2xx body; a body without what we need is not retried: the platform may have acted. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, platform: string): Outcome<z.infer<S>> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, failure: unreadable(platform, 200) };
}

export const unreadable = (platform: string, status: number): PlatformFailure => ({
  code: 'UNKNOWN_PLATFORM_ERROR',
  reason: `${platform} answered HTTP ${status} with a body snorq could not read.`,
  retryable: status >= 500,
  platformCode: `http_${status}`,
});

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
