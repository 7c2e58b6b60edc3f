import { z } from 'zod';

export const WeekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof WeekdaySchema>;

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time like 09:00');

/** One opening interval of a weekday, in the organisation's time zone; end after start ("24:00" ends the day). */
export const BusinessHoursIntervalSchema = z.object({ day: WeekdaySchema, start: Clock, end: Clock }).refine((i) => i.start < i.end, { message: 'the end must come after the start', path: ['end'] });
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
  }, 'not a time zone snorq knows (try Europe/Berlin or UTC)');

export const OrganizationSchema = z.object({
  id: z.number(),
  name: z.string(),
  timeZone: z.string(),
  businessHours: z.array(BusinessHoursIntervalSchema),
});
export type Organization = z.infer<typeof OrganizationSchema>;
export const OneOrganization = z.object({ organization: OrganizationSchema });

export const OrganizationChange = z
  .object({
    name: z.string().trim().min(1, 'give the organisation a name').max(200).optional(),
    timeZone: TimeZone.optional(),
    businessHours: z.array(BusinessHoursIntervalSchema).max(70).optional(),
  })
  .refine((c) => c.name !== undefined || c.timeZone !== undefined || c.businessHours !== undefined, 'nothing to change');

/** Whether a moment falls in business hours (for automation): `at` defaults to now. */
export const BusinessTimeQuery = z.object({ at: z.iso.datetime({ offset: true }).optional() });
export const BusinessTimeResult = z.object({ at: z.string(), open: z.boolean(), timeZone: z.string() });
