import { z } from 'zod';

/**
 * The kinds of value snorq's environment variables hold, shared by the core schema
 * (src/config/config.ts) and each platform's `config` section (src/channels/<platform>/config.ts).
 */

/** An optional string; empty (`FOO=`) counts as unset. */
export const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** A base URL with a default; never ends in a slash. */
export const baseUrl = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .pipe(z.url({ message: 'must be an absolute http(s) URL' }))
    .transform((v) => v.replace(/\/+$/, ''));

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
