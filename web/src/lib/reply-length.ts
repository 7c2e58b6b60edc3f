import { measureText, type TextLimit } from '../../../src/text/text-limits.ts';
import { i18next } from '../i18n/i18n.ts';

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

/** The words in the UI's language (no React here: the shared instance, read at each call). */
const t = i18next.getFixedT(null, 'inbox-tools', 'length');

export function replyLength(limit: TextLimit, platformName: string, text: string): ReplyLength {
  const m = measureText(limit, text);
  const unit = t(`unit.${m.unit}`);
  return {
    length: m.length,
    max: m.max,
    tooLong: m.tooLong,
    label: `${m.length} / ${m.max}`,
    hint: m.tooLong ? t('tooLong', { platform: platformName, max: m.max, unit, length: m.length }) : t('count', { length: m.length, max: m.max, unit }),
  };
}
