import { z } from 'zod';
import { PlatformSchema, Timestamp } from './common.ts';
import { HealthTextSchema, SubscriptionTextSchema } from './server-texts.ts';

export const ConnectionStateSchema = z.enum(['connected', 'needs_reconnect', 'disconnected', 'error']);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

/** What an admin should know before messages go missing (src/core/channel-accounts/channel-health.ts). */
export const ChannelHealthSchema = z.object({
  status: z.enum(['ok', 'warning', 'error']),
  warnings: z.array(z.string()),
  /** The same warnings, in the same order, as codes and parameters (src/contract/server-texts.ts). */
  warningTexts: z.array(HealthTextSchema),
});
export type ChannelHealth = z.infer<typeof ChannelHealthSchema>;

/** A connected account with its health (Settings → Channels). */
export const ChannelSchema = z.object({
  id: z.number(),
  organizationId: z.number(),
  platform: PlatformSchema,
  name: z.string(),
  externalAccountId: z.string(),
  connectionState: ConnectionStateSchema,
  /** How it was connected. */
  source: z.enum(['env', 'api', 'oauth', 'simulator']),
  tokenExpiresAt: Timestamp.nullable(),
  lastWebhookAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  /** The last error's class (a PlatformErrorCode, the web app's text `platformError.<code>`) and the platform's own code and words. */
  lastErrorCode: z.string().nullable(),
  lastErrorDetail: z.string().nullable(),
  lastErrorAt: Timestamp.nullable(),
  /** The platform asked snorq to wait before sending again (a Retry-After). */
  sendPausedUntil: Timestamp.nullable(),
  /** Whether the platform still sends this channel's webhooks to snorq (null: not checked yet). */
  subscription: z
    .object({
      state: z.enum(['subscribed', 'missing', 'unknown']),
      detail: z.string().nullable(),
      detailText: SubscriptionTextSchema.nullable().describe('`detail` as a code and parameters when it is a sentence of snorq’s; the platform’s own words as `detail`'),
      checkedAt: Timestamp.nullable(),
    })
    .nullable(),
  health: ChannelHealthSchema,
  /** The team its new conversations go to (src/core/routing), or null. */
  teamId: z.number().nullable(),
});
export type Channel = z.infer<typeof ChannelSchema>;

/** PATCH /api/v1/channels/:id: the team the channel's new conversations go to (admins only). */
export const ChannelTeamChange = z.object({ teamId: z.number().int().positive().nullable().describe('a team of the organisation, or null for none') }).strict();
export const ChannelTeamResult = z.object({ channel: z.object({ id: z.number(), teamId: z.number().nullable() }) });

export const ChannelList = z.object({ channels: z.array(ChannelSchema) });

/** POST /api/v1/channels answers with the account it connected. */
export const ConnectedChannel = z.object({ channel: z.object({ id: z.number(), platform: PlatformSchema, name: z.string(), externalAccountId: z.string() }) });

/** DELETE /api/v1/channels/:id: what became of the platform's webhook subscription. */
export const DisconnectedChannel = z.object({ ok: z.literal(true), subscription: z.enum(['removed', 'kept', 'not_supported', 'failed']) });
