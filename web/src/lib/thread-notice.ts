import type { Message } from '../api/types.ts';
import { i18next } from '../i18n/i18n.ts';
import { knowsServerText, serverText } from '../i18n/server-text.ts';

/**
 * What a thread shows for a message that is an event rather than something written: a customer's
 * number change (WhatsApp `system`) or a customer arriving from a link or an ad (Messenger /
 * Instagram `referral`). Every value comes from the platform, so each is read defensively.
 */
export function isThreadNotice(m: Pick<Message, 'contentType'>): boolean {
  return m.contentType === 'system' || m.contentType === 'referral';
}

export function noticeText(m: Pick<Message, 'contentType' | 'content' | 'referral' | 'system' | 'contentText'>): string {
  if (m.contentText) return threadLineText(m.contentText, m.content ?? '');
  if (m.contentType === 'system') {
    if (m.content) return m.content;
    const newId = m.system?.newId;
    return newId ? i18next.t('inbox:notice.numberChanged', { newId }) : i18next.t('inbox:notice.accountChanged');
  }
  return referralText(m.referral ?? {});
}

/**
 * A line snorq wrote in the thread (who assigned it, what automation did) in the reader's language:
 * its code's text, then its parts' (a rule's actions) joined by "; ". The server's English sentence
 * when the app has no text for one of its codes (a newer server).
 */
export function threadLineText(text: NonNullable<Message['contentText']>, english: string): string {
  const parts = text.parts ?? [];
  if (![text, ...parts].every((p) => knowsServerText(p.code))) return english;
  const head = serverText(text, english);
  return parts.length ? `${head} ${parts.map((p) => serverText(p, '')).join('; ')}` : head;
}

/** Meta's referral `source`: ADS (click-to-Messenger/Instagram ads), SHORTLINK (m.me), IGME (ig.me), CUSTOMER_CHAT_PLUGIN, … */
export function referralText(referral: Record<string, unknown>): string {
  const source = str(referral['source'])?.toUpperCase();
  const ad = referral['ads_context_data'];
  const adTitle = typeof ad === 'object' && ad !== null ? str((ad as Record<string, unknown>)['ad_title']) : undefined;
  const ref = str(referral['ref']);
  const refText = ref ? i18next.t('inbox:notice.ref', { ref }) : '';
  if (source === 'ADS' || str(referral['ad_id'])) return (adTitle ? i18next.t('inbox:notice.fromAdTitled', { title: adTitle }) : i18next.t('inbox:notice.fromAd')) + refText;
  if (source === 'CUSTOMER_CHAT_PLUGIN') return i18next.t('inbox:notice.fromPlugin') + refText;
  return i18next.t('inbox:notice.fromLink') + refText;
}

/** A price as the customer's currency shows it; an unknown currency code falls back to "12.50 XYZ". */
export function formatPrice(amount: number, currency: string | undefined): string {
  if (!currency) return amount.toFixed(2);
  try {
    return new Intl.NumberFormat(i18next.resolvedLanguage, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
