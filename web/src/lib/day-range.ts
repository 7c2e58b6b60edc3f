/**
 * The dashboard's range of whole days ("2026-12-01" to "2026-12-07", both included, in the
 * organisation's time zone): presets of the last N days, or chosen days. Kept in the address
 * (`/dashboard?days=30` or `?from=…&to=…`) so a reload or a shared link shows the same figures.
 */
export const PRESETS = [7, 14, 30, 90] as const;
export const DEFAULT_DAYS = 14;

export type RangeChoice = { days: number } | { from: string; to: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const valid = (d: string | null): d is string => !!d && DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));

export function rangeFromSearch(search: string): RangeChoice {
  const p = new URLSearchParams(search);
  const from = p.get('from');
  const to = p.get('to');
  if (valid(from) && valid(to) && from <= to) return { from, to };
  const days = Number(p.get('days'));
  return { days: Number.isInteger(days) && days >= 1 && days <= 366 ? days : DEFAULT_DAYS };
}

export function searchOfRange(choice: RangeChoice): string {
  if ('from' in choice) return `?from=${choice.from}&to=${choice.to}`;
  return choice.days === DEFAULT_DAYS ? '' : `?days=${choice.days}`;
}

/** The metrics API's query for a choice. */
export const metricsQueryOf = (choice: RangeChoice): string => ('from' in choice ? `from=${choice.from}&to=${choice.to}` : `days=${choice.days}`);

/** A calendar day, formatted in any locale without a time zone moving it. */
export function formatDay(day: string, locale: string | undefined, options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' }): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
