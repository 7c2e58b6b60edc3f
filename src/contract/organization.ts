import { z } from 'zod';
import { schemaText } from './server-texts.ts';

export const WeekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof WeekdaySchema>;

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, schemaText('schema.clock'));

/** One opening interval of a weekday, in the organisation's time zone; end after start ("24:00" ends the day). */
export const BusinessHoursIntervalSchema = z.object({ day: WeekdaySchema, start: Clock, end: Clock }).refine((i) => i.start < i.end, { message: schemaText('schema.endAfterStart'), path: ['end'] });
export type BusinessHoursInterval = z.infer<typeof BusinessHoursIntervalSchema>;

/** An IANA time zone the server knows (Europe/Berlin, America/New_York, UTC). */
export const TimeZone = z
  .string()
  .min(1)
  .max(100)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, schemaText('schema.timeZone'));

/** A whole day closed, in the organisation's time zone. */
export const HolidaySchema = z.object({
  date: z.iso.date('a date like 2026-12-25'),
  name: z.string().trim().min(1, 'give the holiday a name').max(100, 'at most 100 characters'),
});
export type Holiday = z.infer<typeof HolidaySchema>;

/**
 * The week's hours as a whole: two intervals of one day must not overlap (09:00–12:00 and
 * 11:00–14:00 would make "open" ambiguous for whoever edits them next). The later interval is
 * named, so a form shows the error beside the range that collides.
 */
export const BusinessHoursSchema = z
  .array(BusinessHoursIntervalSchema)
  .max(70)
  .superRefine((hours, ctx) => {
    hours.forEach((h, i) => {
      const other = hours.findIndex((o, j) => j !== i && o.day === h.day && o.start < h.end && h.start < o.end && (o.start < h.start || (o.start === h.start && j < i)));
      if (other >= 0) ctx.addIssue({ code: 'custom', path: [i, 'start'], message: schemaText('schema.hoursOverlap', { start: hours[other]!.start, end: hours[other]!.end }) });
    });
  });

/** Holidays, each date once. */
export const HolidaysSchema = z
  .array(HolidaySchema)
  .max(200)
  .superRefine((days, ctx) => {
    days.forEach((d, i) => {
      if (days.findIndex((o) => o.date === d.date) < i) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: schemaText('schema.holidayTwice', { date: d.date }) });
    });
  });

export const OrganizationSchema = z.object({
  id: z.number(),
  name: z.string(),
  timeZone: z.string(),
  businessHours: z.array(BusinessHoursIntervalSchema),
  holidays: z.array(HolidaySchema),
});
export type Organization = z.infer<typeof OrganizationSchema>;
export const OneOrganization = z.object({ organization: OrganizationSchema });

export const OrganizationChange = z
  .object({
    name: z.string().trim().min(1, 'give the organisation a name').max(200).optional(),
    timeZone: TimeZone.optional(),
    businessHours: BusinessHoursSchema.optional(),
    holidays: HolidaysSchema.optional(),
  })
  .refine((c) => c.name !== undefined || c.timeZone !== undefined || c.businessHours !== undefined || c.holidays !== undefined, schemaText('schema.nothingToChange'));

/** Whether a moment falls in business hours (for automation): `at` defaults to now. */
export const BusinessTimeQuery = z.object({ at: z.iso.datetime({ offset: true }).optional() });
export const BusinessTimeResult = z.object({
  at: z.string(),
  open: z.boolean(),
  timeZone: z.string(),
  /** The holiday that closes this day, if one does. */
  holiday: z.string().nullable(),
});
