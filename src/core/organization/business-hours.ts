import type { BusinessHoursInterval } from '../../db/schema.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The weekday and "HH:MM" of a moment on the wall clock of a time zone. */
export function wallClock(at: Date, timeZone: string): { day: BusinessHoursInterval['day']; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as BusinessHoursInterval['day'];
  if (!WEEKDAYS.includes(day)) throw new Error(`unexpected weekday ${get('weekday')}`);
  return { day, time: `${get('hour')}:${get('minute')}` };
}

/**
 * Whether the organisation is open at `at`: some interval of that weekday, in the organisation's
 * time zone, holds it (start included, end excluded). No hours at all means always open, so an
 * organisation that set nothing is never "closed" to automation.
 */
export function isWithinBusinessHours(hours: readonly BusinessHoursInterval[], timeZone: string, at: Date): boolean {
  if (hours.length === 0) return true;
  const { day, time } = wallClock(at, timeZone);
  return hours.some((h) => h.day === day && h.start <= time && time < h.end);
}
