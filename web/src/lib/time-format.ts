import { i18next } from '../i18n/i18n.ts';

/**
 * Times as the inbox shows them, in the UI's language unless a locale is given. Every function
 * takes `now`; no clock is read here.
 */

const uiLocale = () => i18next.resolvedLanguage ?? 'en';
const unit = (value: number, u: 'second' | 'minute' | 'hour' | 'day', locale: string, display: 'narrow' | 'long' = 'narrow') =>
  new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: display }).format(value);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A remaining or elapsed span, compact: "45m", "22h", "6d" ("45 Min.", "6 T"), or in words
 * ("5 days") where it stands in a sentence. Under a minute counts as "1m".
 */
export function formatDuration(ms: number, locale = uiLocale(), display: 'narrow' | 'long' = 'narrow'): string {
  const span = Math.max(0, ms);
  if (span < HOUR) return unit(Math.max(1, Math.floor(span / MINUTE)), 'minute', locale, display);
  if (span < 48 * HOUR) return unit(Math.floor(span / HOUR), 'hour', locale, display);
  return unit(Math.floor(span / DAY), 'day', locale, display);
}

/** The list's time column: "now", "5m", "3h", then the weekday, then the date. */
export function formatListTime(iso: string | null, now: Date, locale = uiLocale()): string {
  if (!iso) return '';
  const at = new Date(iso);
  const ago = now.getTime() - at.getTime();
  if (Number.isNaN(ago)) return '';
  if (ago < MINUTE) return i18next.t('time.now', { lng: locale });
  if (ago < HOUR) return unit(Math.floor(ago / MINUTE), 'minute', locale);
  if (ago < DAY) return unit(Math.floor(ago / HOUR), 'hour', locale);
  if (ago < 6 * DAY) return at.toLocaleDateString(locale, { weekday: 'short' });
  const sameYear = at.getFullYear() === now.getFullYear();
  return at.toLocaleDateString(locale, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "5 minutes ago", "in 3 days", for status lines (channel health, waiting since). */
export function formatRelative(iso: string | null, now: Date, locale = uiLocale()): string {
  if (!iso) return i18next.t('time.never', { lng: locale });
  const diff = new Date(iso).getTime() - now.getTime();
  if (Number.isNaN(diff)) return i18next.t('time.unknown', { lng: locale });
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < MINUTE) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour');
  return rtf.format(Math.round(diff / DAY), 'day');
}

/** Clock time of a message: "14:05" (or the locale's form). */
export function formatClock(iso: string, locale = uiLocale()): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** A response time: "42s", "5m", "1h 20m", "2d 3h"; "—" when there is none. */
export function formatSeconds(seconds: number | null | undefined, locale = uiLocale()): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return unit(s, 'second', locale);
  if (s < 3600) return unit(Math.round(s / 60), 'minute', locale);
  if (s < 86400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${unit(h, 'hour', locale)} ${unit(m, 'minute', locale)}` : unit(h, 'hour', locale);
  }
  const d = Math.floor(s / 86400);
  const h = Math.round((s % 86400) / 3600);
  return h ? `${unit(d, 'day', locale)} ${unit(h, 'hour', locale)}` : unit(d, 'day', locale);
}
