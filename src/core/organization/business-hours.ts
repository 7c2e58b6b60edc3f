import type { BusinessHoursInterval, Holiday } from '../../db/schema.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The weekday and "HH:MM" of a moment on the wall clock of a time zone. */
export function wallClock(at: Date, timeZone: string): { day: BusinessHoursInterval['day']; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as BusinessHoursInterval['day'];
  if (!WEEKDAYS.includes(day)) throw new Error(`unexpected weekday ${get('weekday')}`);
  return { day, time: `${get('hour')}:${get('minute')}` };
}

/** The calendar date ("2026-12-25") of a moment in a time zone. */
export function wallDate(at: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The holiday that falls on `at`'s date in the time zone, if any. */
export function holidayAt(holidays: readonly Holiday[], timeZone: string, at: Date): Holiday | null {
  if (holidays.length === 0) return null;
  const date = wallDate(at, timeZone);
  return holidays.find((h) => h.date === date) ?? null;
}

/**
 * Whether the organisation is open at `at`: not a holiday, and some interval of that weekday, in
 * the organisation's time zone, holds it (start included, end excluded). No hours at all means
 * always open (but for holidays), so an organisation that set nothing is never "closed" to automation.
 */
export function isWithinBusinessHours(hours: readonly BusinessHoursInterval[], timeZone: string, at: Date, holidays: readonly Holiday[] = []): boolean {
  if (holidayAt(holidays, timeZone, at)) return false;
  if (hours.length === 0) return true;
  const { day, time } = wallClock(at, timeZone);
  return hours.some((h) => h.day === day && h.start <= time && time < h.end);
}
