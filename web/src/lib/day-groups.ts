import type { Message } from '../api/types.ts';
import { i18next } from '../i18n/i18n.ts';

/** A row of the virtualised thread: a day divider or a message. */
export type ThreadRow =
  | { kind: 'day'; key: string; day: string; label: string }
  | { kind: 'message'; key: string; message: Message; /** same sender as the row above, within a few minutes: bubbles join */ continued: boolean };

const JOIN_MS = 5 * 60_000;

/** The local calendar day of an instant, as YYYY-MM-DD. */
export function dayKey(at: Date): string {
  const m = String(at.getMonth() + 1).padStart(2, '0');
  const d = String(at.getDate()).padStart(2, '0');
  return `${at.getFullYear()}-${m}-${d}`;
}

/** "Today", "Yesterday", else a date ("Monday, 3 March" or with the year when it differs). */
export function dayLabel(day: string, now: Date, locale = i18next.resolvedLanguage ?? 'en'): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  if (day === dayKey(now)) return i18next.t('time.today', { lng: locale });
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (day === dayKey(yesterday)) return i18next.t('time.yesterday', { lng: locale });
  const options: Intl.DateTimeFormatOptions = y === now.getFullYear() ? { weekday: 'long', day: 'numeric', month: 'long' } : { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
  return date.toLocaleDateString(locale, options);
}

/** Messages (oldest first) with a divider before each new day. */
export function buildThreadRows(messages: readonly Message[], now: Date, locale?: string): ThreadRow[] {
  const rows: ThreadRow[] = [];
  let currentDay = '';
  let previous: Message | undefined;
  for (const message of messages) {
    const at = new Date(message.timestamp);
    const day = dayKey(at);
    if (day !== currentDay) {
      currentDay = day;
      rows.push({ kind: 'day', key: `day-${day}`, day, label: dayLabel(day, now, locale) });
      previous = undefined;
    }
    const continued =
      previous !== undefined && previous.direction === message.direction && previous.isPrivateNote === message.isPrivateNote && at.getTime() - new Date(previous.timestamp).getTime() < JOIN_MS;
    rows.push({ kind: 'message', key: `m-${message.id}`, message, continued });
    previous = message;
  }
  return rows;
}
