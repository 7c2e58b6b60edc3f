import { measureText, type TextLimit, type TextUnit } from '../../../src/text/text-limits.ts';

/**
 * The composer's length counter: the platform's limit as the server serves it (GET
 * /api/v1/platforms) and the server's own counting (src/text/text-limits.ts), so what the counter
 * allows is exactly what `POST /api/messages` accepts (Instagram in bytes, Messenger in
 * characters, …).
 */
export interface ReplyLength {
  length: number;
  max: number;
  tooLong: boolean;
  /** "12 / 1000 bytes" */
  label: string;
  /** Said to screen readers and shown when too long. */
  hint: string;
}

const UNIT_WORDS: Record<TextUnit, string> = { characters: 'characters', utf16: 'characters (an emoji counts 2)', bytes: 'bytes (an emoji counts 4)' };

export function replyLength(limit: TextLimit, platformName: string, text: string): ReplyLength {
  const m = measureText(limit, text);
  const unit = UNIT_WORDS[m.unit];
  return {
    length: m.length,
    max: m.max,
    tooLong: m.tooLong,
    label: `${m.length} / ${m.max}`,
    hint: m.tooLong ? `Too long for ${platformName}: at most ${m.max} ${unit}, this reply has ${m.length}.` : `${m.length} of ${m.max} ${unit}`,
  };
}
