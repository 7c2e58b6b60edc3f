/**
 * Dates, times and numbers in the reader's language, through Intl. Pure: each takes the locale
 * (components get it bound by `useFormat()`), and the ones about "now" take it as an argument.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type DateInput = string | number | Date;
const toDate = (value: DateInput): Date => (value instanceof Date ? value : new Date(value));

/** "4 Mar 2026" / "4. März 2026" / "4 mar 2026". */
export function formatDate(value: DateInput, locale: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return new Intl.DateTimeFormat(locale, options).format(toDate(value));
}

/** Date and clock time, for "sent at" titles and audit lines. */
export function formatDateTime(value: DateInput, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(toDate(value));
}

/** Clock time of a message: "2:05 PM" / "14:05". */
export function formatTime(value: DateInput, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(toDate(value));
}

/** 1,234.5 / 1.234,5 / 1234,5 (Spanish groups from five digits). */
export function formatNumber(value: number, locale: string, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/** "5 minutes ago" / "vor 5 Minuten" / "hace 5 minutos"; "in 3 days" for the future. */
export function formatRelative(value: DateInput, now: Date, locale: string): string {
  const diff = toDate(value).getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < MINUTE) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour');
  return rtf.format(Math.round(diff / DAY), 'day');
}

/** One amount of a unit, as short as the language writes it: "5m" / "5 Min." / "5min". */
export function formatUnit(value: number, unit: 'second' | 'minute' | 'hour' | 'day', locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow' }).format(value);
}

/** A list of names: "a, b, and c" / "a, b und c" / "a, b y c". */
export function formatList(items: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}
