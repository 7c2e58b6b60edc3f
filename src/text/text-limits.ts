/**
 * Counting text the way a platform counts it. Each platform's limit is part of its policy
 * (`policy.textLimit` in `src/channels/<platform>/policy.ts`): `POST /api/v1/messages` refuses
 * longer text with 422 MESSAGE_TOO_LONG before anything is queued, the send adapters check the
 * same limit (so a reply accepted at the API never fails later for length), the simulator refuses
 * what the platform refuses, and the web composer counts in the same unit (the limits reach it
 * through `GET /api/v1/platforms`).
 *
 * - `characters`: Unicode code points (an emoji is 1), as Graph counts.
 * - `utf16`: UTF-16 code units (an emoji is 2), for platforms that do not say how they count
 *   characters outside the BMP: never fewer than characters.
 * - `bytes`: UTF-8 bytes (an emoji is 4, an accented letter 2).
 *
 * Pure and dependency-free: the server and the web app (web/src) both use it.
 */

export type TextUnit = 'characters' | 'utf16' | 'bytes';

export interface TextLimit {
  max: number;
  unit: TextUnit;
}

const encoder = new TextEncoder();

/** The length of `text` in `unit`. */
export function textLength(text: string, unit: TextUnit): number {
  if (unit === 'utf16') return text.length;
  if (unit === 'bytes') return encoder.encode(text).length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** `text` measured against a platform's limit. */
export function measureText({ max, unit }: TextLimit, text: string): { length: number; max: number; unit: TextUnit; tooLong: boolean } {
  const length = textLength(text, unit);
  return { length, max, unit, tooLong: length > max };
}

export function fitsLimit(limit: TextLimit, text: string): boolean {
  return textLength(text, limit.unit) <= limit.max;
}

/** "2000 characters", "1000 bytes (an emoji counts 4)": how the limit reads to a person. */
export function describeLimit({ max, unit }: TextLimit): string {
  if (unit === 'bytes') return `${max} bytes of text (an emoji counts 4, an accented letter 2)`;
  if (unit === 'utf16') return `${max} characters (an emoji counts 2)`;
  return `${max} characters`;
}
