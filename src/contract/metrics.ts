import { z } from 'zod';
import { PlatformSchema, Timestamp } from './common.ts';

const Day = z.iso.date('a date like 2026-12-01');

/** A range of whole days in the organisation's time zone: `from`/`to` (both included), or the last `days` days. */
export const MetricsQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(14),
  from: Day.optional().describe('first day, YYYY-MM-DD in the organisation’s time zone'),
  to: Day.optional().describe('last day (included), YYYY-MM-DD in the organisation’s time zone; default today'),
});

const Times = { medianSeconds: z.number().nullable(), p90Seconds: z.number().nullable(), answered: z.number() };

/** What one breakdown row counts over the conversations started in the range (src/core/metrics/breakdowns.ts). */
const Figures = {
  conversations: z.number(),
  resolved: z.number(),
  inbound: z.number(),
  outbound: z.number(),
  answered: z.number().describe('conversations whose first customer message got a reply'),
  firstResponseMedianSeconds: z.number().nullable(),
  resolutionMedianSeconds: z.number().nullable(),
};

export const BreakdownsSchema = z.object({
  total: z.object(Figures),
  agents: z.array(z.object({ ...Figures, userId: z.number().nullable().describe('null: unassigned'), name: z.string().nullable() })),
  labels: z.array(z.object({ ...Figures, label: z.string() })),
  channels: z.array(z.object({ ...Figures, channelId: z.number(), name: z.string(), platform: PlatformSchema })),
});
export type Breakdowns = z.infer<typeof BreakdownsSchema>;

/** Volume per platform per day, how fast customers get an answer, breakdowns, who is waiting now. */
export const MetricsSchema = z.object({
  range: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
  days: z.number(),
  volumeByDay: z.array(z.object({ day: z.string().describe('YYYY-MM-DD, in the organisation’s time zone'), platform: PlatformSchema, inbound: z.number(), outbound: z.number() })),
  responseTimes: z.object({ ...Times, byPlatform: z.array(z.object({ platform: PlatformSchema, ...Times })) }),
  waiting: z.object({
    count: z.number(),
    oldestSince: Timestamp.nullable(),
    byPlatform: z.array(z.object({ platform: PlatformSchema, count: z.number(), oldestSince: Timestamp.nullable() })),
  }),
  unanswered: z.number().describe('open conversations unread or waiting (the inbox’s “unread or unanswered”)'),
  openConversations: z.number(),
  sla: z
    .object({ atRisk: z.number(), breached: z.number() })
    .describe('open or pending conversations whose SLA clock is past its warning time but not due (atRisk) or past due (breached), as the list’s `sla` filter counts them'),
  breakdowns: BreakdownsSchema,
});
export type Metrics = z.infer<typeof MetricsSchema>;
