import { z } from 'zod';
import { Timestamp } from './common.ts';

/** A signed-in session (a browser), not an API token. */
export const SessionSchema = z.object({
  id: z.number(),
  userId: z.number(),
  userEmail: z.string(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  expiresAt: Timestamp.nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this request was made with. */
  current: z.boolean(),
});
export type Session = z.infer<typeof SessionSchema>;

export const SessionList = z.object({ sessions: z.array(SessionSchema) });
export const SessionsQuery = z.object({ userId: z.coerce.number().int().positive().optional() });
