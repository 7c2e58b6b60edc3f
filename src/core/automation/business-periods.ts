import type { BusinessHoursInterval, Holiday } from '../../db/schema.ts';
import { wallClock, wallDate } from '../organization/business-hours.ts';

const DAY_MS = 86_400_000;
/** More days between two moments than this: some opening surely lies between (when the week has any hours). */
const MAX_DAYS = 400;

/**
 * Whether the organisation opened at some moment in (`from`, `to`]: an interval of the weekly hours
 * began, on a day that is no holiday, in the organisation's time zone. The away message is sent
 * once per closed stretch: a second one only after the organisation has been open in between.
 * Intervals never span midnight, so every opening is the start of an interval; each start is
 * turned into a moment with the zone's offset on that day (DST included).
 */
export function openedBetween(hours: readonly BusinessHoursInterval[], timeZone: string, holidays: readonly Holiday[], from: Date, to: Date): boolean {
  if (to <= from || hours.length === 0) return false;
  const days = Math.ceil((to.getTime() - from.getTime()) / DAY_MS) + 1;
  if (days > MAX_DAYS) return true;
  const closed = new Set(holidays.map((h) => h.date));
  for (let i = -1; i <= days; i++) {
    const probe = new Date(from.getTime() + i * DAY_MS);
    const date = wallDate(probe, timeZone);
    if (closed.has(date)) continue;
    const { day } = wallClock(new Date(`${date}T12:00:00Z`), 'UTC');
    for (const interval of hours) {
      if (interval.day !== day) continue;
      const start = zonedMoment(date, interval.start, timeZone);
      if (start > from && start <= to) return true;
    }
  }
  return false;
}

/** The moment a wall-clock date and time ("2026-03-29", "09:00") of a time zone stands for. */
export function zonedMoment(date: string, time: string, timeZone: string): Date {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  // The zone's offset at a guess, then at the corrected moment (they differ only across a DST change).
  let at = asUtc - offsetMs(new Date(asUtc), timeZone);
  at = asUtc - offsetMs(new Date(at), timeZone);
  return new Date(at);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(at: Date, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p['year']), Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second']));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}
