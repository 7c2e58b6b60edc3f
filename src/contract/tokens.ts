import { z } from 'zod';
import { Timestamp } from './common.ts';

/** A long-lived API token, without its secret (shown once, when created). */
export const ApiTokenSchema = z.object({
  id: z.number(),
  name: z.string().nullable(),
  /** Who created it (the token acts as them). */
  userId: z.number(),
  userName: z.string(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  expiresAt: Timestamp.nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const TokenList = z.object({ tokens: z.array(ApiTokenSchema) });
export const NewToken = z.object({ name: z.string().trim().min(1).max(200), expiresInDays: z.number().int().positive().max(3650).optional() });
export const CreatedToken = z.object({ id: z.number(), token: z.string().describe('the secret: shown this once'), name: z.string(), expiresAt: Timestamp.nullable() });
export const TokenParams = z.object({ id: z.coerce.number().int() });
