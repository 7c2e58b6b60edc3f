/** Times as the inbox shows them. Pure: every function takes `now`; no clock is read here. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A remaining or elapsed span, compact: "45m", "22h", "6d". Under a minute counts as "1m". */
export function formatDuration(ms: number): string {
  const span = Math.max(0, ms);
  if (span < HOUR) return `${Math.max(1, Math.floor(span / MINUTE))}m`;
  if (span < 48 * HOUR) return `${Math.floor(span / HOUR)}h`;
  return `${Math.floor(span / DAY)}d`;
}

/** The list's time column: "now", "5m", "3h", then the weekday, then the date. */
export function formatListTime(iso: string | null, now: Date, locale?: string): string {
  if (!iso) return '';
  const at = new Date(iso);
  const ago = now.getTime() - at.getTime();
  if (Number.isNaN(ago)) return '';
  if (ago < MINUTE) return 'now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)}m`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)}h`;
  if (ago < 6 * DAY) return at.toLocaleDateString(locale, { weekday: 'short' });
  const sameYear = at.getFullYear() === now.getFullYear();
  return at.toLocaleDateString(locale, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "5 minutes ago", "in 3 days", for status lines (channel health, waiting since). */
export function formatRelative(iso: string | null, now: Date, locale = 'en'): string {
  if (!iso) return 'never';
  const diff = new Date(iso).getTime() - now.getTime();
  if (Number.isNaN(diff)) return 'unknown';
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < MINUTE) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour');
  return rtf.format(Math.round(diff / DAY), 'day');
}

/** Clock time of a message: "14:05" (or the locale's form). */
export function formatClock(iso: string, locale?: string): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** A response time: "42s", "5m", "1h 20m", "2d 3h"; "—" when there is none. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  if (s < 86400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${h}h ${m}m` : `${h}h`;
  }
  const d = Math.floor(s / 86400);
  const h = Math.round((s % 86400) / 3600);
  return h ? `${d}d ${h}h` : `${d}d`;
}
