import { z } from 'zod';
import { PlatformSchema } from './common.ts';

/** The customer as a conversation row shows them (their identity on the conversation's channel). */
export const ContactSummarySchema = z.object({
  id: z.number(),
  name: z.string().nullable(),
  /** snorq's own copy of their picture (GET /api/v1/contacts/identities/:id/avatar), or null. */
  avatarUrl: z.string().nullable(),
  username: z.string().nullable(),
  phone: z.string().nullable(),
  platformUserId: z.string(),
});
export type ContactSummary = z.infer<typeof ContactSummarySchema>;

/** One of a contact's identities: who they are on one channel. */
export const IdentitySchema = z.object({
  id: z.number(),
  platform: PlatformSchema,
  platformUserId: z.string(),
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  phone: z.string().nullable(),
  channelName: z.string(),
  channelId: z.number(),
});
export type Identity = z.infer<typeof IdentitySchema>;

export const AvatarParams = z.object({ id: z.coerce.number().int().positive() });
