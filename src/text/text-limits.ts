/**
 * How long one text message may be on each platform, counted the way that platform counts it.
 * The one place for these limits: `POST /api/messages` refuses longer text with 422
 * MESSAGE_TOO_LONG before anything is queued, the send adapters check the same numbers (so a
 * reply accepted at the API never fails later for length), the simulator refuses what the
 * platform refuses, and the web composer shows the count in the same unit.
 *
 * - Messenger: "a 2000 character limit" (Send API reference; the Graph error reads "Length of
 *   param message[text] must be less than or equal to 2000"): Unicode characters (code points).
 * - Instagram: 1000 bytes of UTF-8 (FACTS 3.3): an emoji is 4.
 * - WhatsApp Cloud: text body 4096 characters, a media caption 1024 (FACTS 4.3): code points, as
 *   Graph counts its other "characters".
 * - Twilio: `Body` 1600 characters (FACTS 5.5, error 21617): Twilio does not say how it counts
 *   non-BMP characters, so UTF-16 units, which are never fewer than characters: an emoji is 2.
 * - TikTok: 6000 (FACTS 6.3, [code/3p]), counted in UTF-16 units for the same reason.
 *
 * Pure and dependency-free: the server and the web app (web/src) both use it.
 */

export type TextUnit = 'characters' | 'utf16' | 'bytes';
export type TextPlatform = 'messenger' | 'instagram' | 'whatsapp' | 'twilio' | 'tiktok';

export interface TextLimit {
  max: number;
  unit: TextUnit;
}

export const TEXT_LIMITS: Record<TextPlatform, TextLimit> = {
  messenger: { max: 2000, unit: 'characters' },
  instagram: { max: 1000, unit: 'bytes' },
  whatsapp: { max: 4096, unit: 'characters' },
  twilio: { max: 1600, unit: 'utf16' },
  tiktok: { max: 6000, unit: 'utf16' },
};

/** WhatsApp media captions (FACTS 4.3); longer text follows the media as a message of its own. */
export const WHATSAPP_CAPTION_LIMIT: TextLimit = { max: 1024, unit: 'characters' };

const encoder = new TextEncoder();

/** The length of `text` in `unit`. */
export function textLength(text: string, unit: TextUnit): number {
  if (unit === 'utf16') return text.length;
  if (unit === 'bytes') return encoder.encode(text).length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** `text` measured against `platform`'s limit. */
export function measureText(platform: TextPlatform, text: string): { length: number; max: number; unit: TextUnit; tooLong: boolean } {
  const { max, unit } = TEXT_LIMITS[platform];
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
