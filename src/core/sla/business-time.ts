import type { BusinessHoursInterval, Holiday } from '../../db/schema.ts';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MINUTE = 60_000;
/** A target is found within this many days or not at all (a calendar with no open hour left). */
const MAX_DAYS = 800;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock of `ms` in the zone, as if it were UTC (its offset is the difference). */
function wallAsUtc(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/**
 * The instant a wall-clock time of a date has in the zone ("24:00" is the next midnight). A time
 * that does not exist (inside a spring-forward gap, 02:30 when clocks jump from 02:00 to 03:00) is
 * read with the offset after the jump (03:30), never before the gap.
 */
export function zonedInstant(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(y, m - 1, d, h, min);
  const first = naive - (wallAsUtc(naive, timeZone) - naive);
  const second = naive - (wallAsUtc(first, timeZone) - first);
  return Math.max(first, second);
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function dateIn(ms: number, timeZone: string): string {
  return new Date(wallAsUtc(ms, timeZone)).toISOString().slice(0, 10);
}

/** The opening intervals of one calendar date in the zone, as instants: none on a holiday, the whole day when no hours are set. */
function openingsOf(date: string, hours: readonly BusinessHoursInterval[], timeZone: string, holidays: readonly Holiday[]): [number, number][] {
  if (holidays.some((h) => h.date === date)) return [];
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
  const intervals = hours.length === 0 ? [{ start: '00:00', end: '24:00' }] : hours.filter((h) => h.day === weekday).sort((a, b) => a.start.localeCompare(b.start));
  return intervals.map((i) => [zonedInstant(date, i.start, timeZone), i.end === '24:00' ? zonedInstant(nextDate(date), '00:00', timeZone) : zonedInstant(date, i.end, timeZone)]);
}

/**
 * The moment `minutes` of business time after `start`: only the organisation's opening hours
 * count (in its time zone, so a DST change shortens or lengthens the day as its clocks do), and
 * holidays count for nothing; no hours at all means always open. Null when no opening hour is
 * left within MAX_DAYS. Pure: the clock is the caller's.
 */
export function addBusinessMinutes(start: Date, minutes: number, hours: readonly BusinessHoursInterval[], timeZone: string, holidays: readonly Holiday[] = []): Date | null {
  let remaining = minutes * MINUTE;
  const from = start.getTime();
  let date = dateIn(from, timeZone);
  for (let day = 0; day < MAX_DAYS; day++, date = nextDate(date)) {
    for (const [open, close] of openingsOf(date, hours, timeZone, holidays)) {
      const begin = Math.max(open, from);
      if (close <= begin) continue;
      if (close - begin >= remaining) return new Date(begin + remaining);
      remaining -= close - begin;
    }
  }
  return null;
}
