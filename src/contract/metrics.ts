import { z } from 'zod';
import { PlatformSchema, Timestamp } from './common.ts';

export const MetricsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(14) });

const Times = { medianSeconds: z.number().nullable(), p90Seconds: z.number().nullable(), answered: z.number() };

/** Volume per platform per day, how fast customers get an answer, who is waiting now. */
export const MetricsSchema = z.object({
  days: z.number(),
  volumeByDay: z.array(z.object({ day: z.string().describe('YYYY-MM-DD, UTC'), platform: PlatformSchema, inbound: z.number(), outbound: z.number() })),
  responseTimes: z.object({ ...Times, byPlatform: z.array(z.object({ platform: PlatformSchema, ...Times })) }),
  waiting: z.object({
    count: z.number(),
    oldestSince: Timestamp.nullable(),
    byPlatform: z.array(z.object({ platform: PlatformSchema, count: z.number(), oldestSince: Timestamp.nullable() })),
  }),
  unanswered: z.number(),
  openConversations: z.number(),
});
export type Metrics = z.infer<typeof MetricsSchema>;
