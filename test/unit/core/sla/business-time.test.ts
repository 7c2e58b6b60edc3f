import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, zonedInstant } from '../../../../src/core/sla/business-time.ts';
import type { BusinessHoursInterval } from '../../../../src/db/schema.ts';

/** SLA clocks count business time only: fixed instants, no waiting. */
const weekdays = (start: string, end: string): BusinessHoursInterval[] => (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start, end }));
const BERLIN = 'Europe/Berlin';
const nineToFive = weekdays('09:00', '17:00');
const at = (iso: string) => new Date(iso);

describe('addBusinessMinutes', () => {
  it('counts inside the day and carries the rest to the next opening', () => {
    // Wednesday 2026-03-04, 10:00 in Berlin (UTC+1).
    expect(addBusinessMinutes(at('2026-03-04T09:00:00Z'), 60, nineToFive, BERLIN)).toEqual(at('2026-03-04T10:00:00Z'));
    // 16:30 plus an hour: 30 minutes today, 30 from Thursday 09:00.
    expect(addBusinessMinutes(at('2026-03-04T15:30:00Z'), 60, nineToFive, BERLIN)).toEqual(at('2026-03-05T08:30:00Z'));
    // Before opening the clock starts at 09:00.
    expect(addBusinessMinutes(at('2026-03-04T05:00:00Z'), 15, nineToFive, BERLIN)).toEqual(at('2026-03-04T08:15:00Z'));
  });

  it('skips the weekend and holidays', () => {
    // Friday 16:00 plus two hours: one on Friday, one on Monday.
    expect(addBusinessMinutes(at('2026-03-06T15:00:00Z'), 120, nineToFive, BERLIN)).toEqual(at('2026-03-09T09:00:00Z'));
    // With Monday a holiday, Tuesday.
    expect(addBusinessMinutes(at('2026-03-06T15:00:00Z'), 120, nineToFive, BERLIN, [{ date: '2026-03-09', name: 'Closed' }])).toEqual(at('2026-03-10T09:00:00Z'));
  });

  it('follows the zone across DST: opening hours are wall-clock hours', () => {
    // Berlin moves to UTC+2 on Sunday 2026-03-29: Friday 16:30 (UTC+1) plus one hour ends Monday 09:30 (UTC+2).
    expect(addBusinessMinutes(at('2026-03-27T15:30:00Z'), 60, nineToFive, BERLIN)).toEqual(at('2026-03-30T07:30:00Z'));
    // Always open (no hours): the short DST day counts 23 real hours, not 24.
    expect(addBusinessMinutes(at('2026-03-28T23:00:00Z'), 24 * 60, [], BERLIN)).toEqual(at('2026-03-29T23:00:00Z'));
    // …and the long autumn day 25 (Berlin back to UTC+1 on 2026-10-25).
    expect(addBusinessMinutes(at('2026-10-24T22:00:00Z'), 25 * 60, [], BERLIN)).toEqual(at('2026-10-25T23:00:00Z'));
    // Midnight of the spring-forward night in New York (02:00 does not exist there).
    expect(zonedInstant('2026-03-08', '02:30', 'America/New_York')).toBe(Date.parse('2026-03-08T07:30:00Z'));
  });

  it('holds several intervals a day and an interval ending at 24:00', () => {
    const split: BusinessHoursInterval[] = [
      { day: 'mon', start: '09:00', end: '12:00' },
      { day: 'mon', start: '13:00', end: '24:00' },
    ];
    // Monday 2026-03-02 11:30 Berlin plus 60: 30 before lunch, 30 after.
    expect(addBusinessMinutes(at('2026-03-02T10:30:00Z'), 60, split, BERLIN)).toEqual(at('2026-03-02T12:30:00Z'));
    // 23:30 plus 60: 30 to midnight, then next Monday 09:30.
    expect(addBusinessMinutes(at('2026-03-02T22:30:00Z'), 60, split, BERLIN)).toEqual(at('2026-03-09T08:30:00Z'));
  });

  it('answers null when nothing is ever open', () => {
    const everyDay = Array.from({ length: 900 }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), name: 'x' }));
    expect(addBusinessMinutes(at('2026-01-01T00:00:00Z'), 1, [], 'UTC', everyDay)).toBeNull();
  });
});
