import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { AppError } from '../errors/app-error.ts';

/** A range of whole days in the organisation's time zone, both ends included ("2026-12-01"). */
export interface DayRange {
  from: string;
  to: string;
  timeZone: string;
}

/** The longest range the dashboard answers: a year and a day (a leap year's whole year). */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The calendar date it is now in the time zone (the dashboard's "today"). */
export function todayIn(timeZone: string, now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The number of days a range covers, both ends included. */
export const daysIn = (range: Pick<DayRange, 'from' | 'to'>) => dayNumber(range.to) - dayNumber(range.from) + 1;

/** Every day of the range, in order. */
export function daysOf(range: Pick<DayRange, 'from' | 'to'>): string[] {
  const start = dayNumber(range.from);
  return Array.from({ length: daysIn(range) }, (_, i) => dayOf(start + i));
}

/**
 * The range a request asks for: `from`/`to` as given, or the last `days` days up to today in the
 * organisation's time zone. A range that ends before it starts or spans more than a year is refused.
 */
export async function resolveRange(db: Db, organizationId: number, ask: { from?: string; to?: string; days?: number }, now = new Date()): Promise<DayRange> {
  const org = await db.selectFrom('organizations').select('time_zone').where('id', '=', organizationId).executeTakeFirstOrThrow();
  const timeZone = org.time_zone;
  const to = ask.to ?? todayIn(timeZone, now);
  const from = ask.from ?? dayOf(dayNumber(to) - (ask.days ?? 14) + 1);
  if (dayNumber(from) > dayNumber(to)) throw new AppError('VALIDATION_FAILED', 'the range ends before it starts', { field: 'from' });
  if (daysIn({ from, to }) > MAX_RANGE_DAYS) throw new AppError('VALIDATION_FAILED', `a range spans at most ${MAX_RANGE_DAYS} days`, { field: 'from' });
  return { from, to, timeZone };
}

/**
 * The instant a day begins in the organisation's time zone, as SQL (midnight there, DST included).
 * One definition for the dashboard and for the inbox list's created-at filter, so a figure and
 * the list it links to count the same conversations. `dayAfter` gives the end of the day instead.
 */
export function dayStartSql(day: string, organizationId: number, dayAfter = false): RawBuilder<Date> {
  return sql<Date>`((${day}::date + ${dayAfter ? 1 : 0}::int)::timestamp at time zone (select o.time_zone from organizations o where o.id = ${organizationId}))`;
}
