import { i18next } from '../i18n/i18n.ts';
import type { CodedText } from '../../../src/contract/server-texts.ts';
import type { Resources } from '../i18n/resources.ts';
import { knowsServerText, serverText } from '../i18n/server-text.ts';

type Code = Exclude<keyof Resources['errors'], 'with'>;
const isKnown = (code: string): code is Code => code !== 'with' && code in i18next.getResourceBundle('en', 'errors');

/** What some codes' details add to their text: the minutes until a lock lifts, a message's length and limit, the request id to quote. */
function detailValues(code: Code, serverMessage: string, details: Record<string, unknown> | undefined): Record<string, string | number> | null {
  if (code === 'RATE_LIMITED' && typeof details?.['retryAfterSeconds'] === 'number') return { seconds: Math.max(1, Math.ceil(details['retryAfterSeconds'])) };
  if (code === 'ACCOUNT_LOCKED' && typeof details?.['retryAfterSeconds'] === 'number') return { minutes: Math.max(1, Math.ceil(details['retryAfterSeconds'] / 60)) };
  if (code === 'MESSAGE_TOO_LONG' && typeof details?.['length'] === 'number' && typeof details['limit'] === 'number') return { length: details['length'], limit: details['limit'] };
  const request = code === 'INTERNAL' ? /\(request ([^)\s]+)\)/.exec(serverMessage)?.[1] : undefined;
  return request ? { request } : null;
}

const isCoded = (v: unknown): v is CodedText => typeof v === 'object' && v !== null && typeof (v as CodedText).code === 'string';

/**
 * The details that can fill a text: strings and numbers, and coded texts in the reader's
 * language — `problemsText` (one) or `problemsTexts` (a list, joined) fill `problems`.
 */
function textParams(details: Record<string, unknown> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(details ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') out[name] = value;
  }
  for (const [name, value] of Object.entries(details ?? {})) {
    const coded = /Texts$/.test(name) && Array.isArray(value) ? value.filter(isCoded) : /Text$/.test(name) && isCoded(value) ? [value] : [];
    if (coded.length > 0) out[name.replace(/Texts?$/, '')] = coded.map((c) => serverText(c, c.code)).join('; ');
  }
  return out;
}

/**
 * A refusal of the API in the reader's language, by its `code` (src/core/errors/app-error.ts).
 * English readers get the server's own message: it is English already and names the very thing
 * refused ("a label "vip" already exists"). Other languages get the code's translation (with
 * the numbers its details carry); an unknown code keeps the server's message rather than nothing.
 */
export function apiErrorText(code: string, serverMessage: string, details?: Record<string, unknown>): string {
  const language = i18next.resolvedLanguage ?? i18next.language;
  if (language === 'en') return serverMessage;
  // A finer reason than the code (a FORBIDDEN that is a wrong current password): its own text, the other details its parameters.
  const reason = details?.['reason'];
  if (typeof reason === 'string' && knowsServerText(`refusal.${reason}`)) return serverText({ code: `refusal.${reason}`, params: textParams(details) }, serverMessage);
  if (!isKnown(code)) return serverMessage;
  const values = detailValues(code, serverMessage, details);
  return values ? i18next.t(`errors:with.${code as keyof Resources['errors']['with']}`, values) : i18next.t(`errors:${code}`);
}
