import type { CodedText } from '../../../src/contract/server-texts.ts';
import { formatDateTime } from './format.ts';
import { i18next } from './i18n.ts';

const NS = 'server-texts';

/** Whether the web app has a text for this code of the server's (in English, the reference). */
export function knowsServerText(code: string): boolean {
  return i18next.exists(`${NS}:${code}`, { lng: 'en' }) || i18next.exists(`${NS}:${code}_other`, { lng: 'en' });
}

/**
 * Parameters as the reader's language writes them: a name ending in `At` is an ISO timestamp
 * (a date and time), a name ending in `Code` is another code whose text fills the name without
 * it (`reasonCode` → `reason`), with the other parameters as its own.
 */
function readableParams(params: CodedText['params'], locale: string): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  for (const [name, value] of Object.entries(params ?? {})) {
    if (/At$/.test(name) && typeof value === 'string' && !Number.isNaN(Date.parse(value))) out[name] = formatDateTime(value, locale);
    if (/Code$/.test(name) && typeof value === 'string' && knowsServerText(value)) {
      const target = name.slice(0, -'Code'.length);
      // The other parameters are the inner text's too (an outgoing webhook's last error carries its host and status).
      const inner = Object.fromEntries(Object.entries(params ?? {}).filter(([k]) => k !== name));
      out[target] = serverText({ code: value, params: inner }, String(params?.[target] ?? ''));
    }
  }
  return out;
}

/**
 * A text the server wrote, in the reader's language, by its code (src/contract/server-texts.ts).
 * `english` is the server's own sentence: shown for a code the app has no text for, and in
 * English for a platform's failure, whose own words name the very thing refused.
 */
export function serverText(text: CodedText | null | undefined, english: string): string {
  const language = i18next.resolvedLanguage ?? i18next.language;
  if (!text || !knowsServerText(text.code)) return english;
  if (language === 'en' && text.code.startsWith('platformError.') && english) return english;
  return i18next.t(`${NS}:${text.code}` as never, readableParams(text.params, language) as never) as unknown as string;
}
