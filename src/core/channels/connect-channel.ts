import { z } from 'zod';
import type { ChannelCredentials } from '../../channels/types.ts';
import type { Db } from '../../db/database.ts';
import type { Channel } from '../../db/schema.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { sealCredentials } from './channel-credentials.ts';
import { twilioSender } from './provision-env-channels.ts';

/** Credentials an admin may type in, per platform (OAuth fills the same shapes later). */
export const ChannelInput = z.discriminatedUnion('platform', [
  z.object({ platform: z.literal('messenger'), externalAccountId: z.string().regex(/^\d{5,20}$/, 'a Facebook page id is digits'), displayName: z.string().min(1).max(200), credentials: z.object({ pageAccessToken: z.string().min(10).max(2000) }) }),
  z.object({
    platform: z.literal('instagram'),
    externalAccountId: z.string().regex(/^\d{5,25}$/, 'an Instagram account id is digits'),
    displayName: z.string().min(1).max(200),
    credentials: z.object({ accessToken: z.string().min(10).max(2000), loginType: z.enum(['facebook', 'instagram']).default('instagram'), pageId: z.string().optional() }),
  }),
  z.object({ platform: z.literal('whatsapp'), externalAccountId: z.string().regex(/^\d{5,25}$/, 'a WhatsApp phone number id is digits'), displayName: z.string().min(1).max(200), credentials: z.object({ accessToken: z.string().min(10).max(2000), wabaId: z.string().regex(/^\d+$/).optional() }) }),
  z.object({
    platform: z.literal('twilio'),
    /** The WhatsApp sender, e.g. +14155238886 or whatsapp:+14155238886. */
    externalAccountId: z.string().regex(/^(whatsapp:)?\+?\d{6,16}$/, 'the Twilio WhatsApp sender number, e.g. +14155238886'),
    displayName: z.string().min(1).max(200),
    credentials: z.object({ accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an Account SID starts with AC and has 34 characters'), authToken: z.string().min(16).max(200) }),
  }),
  z.object({
    platform: z.literal('tiktok'),
    externalAccountId: z.string().min(3).max(200),
    displayName: z.string().min(1).max(200),
    credentials: z.object({ accessToken: z.string().min(10).max(2000), refreshToken: z.string().optional(), refreshTokenExpiresAt: z.iso.datetime().optional(), scope: z.string().max(1000).optional() }),
  }),
]);
export type ChannelInput = z.infer<typeof ChannelInput>;

/** What an OAuth flow knows about the token beyond the credentials (src/core/oauth). */
export interface TokenFacts {
  /** When the access token expires; null for tokens that do not (Page tokens, FACTS 2.6). */
  tokenExpiresAt: Date | null;
}

/** Add a channel by its credentials (sealed at once); the account id may belong to one organisation only. */
export async function connectChannel(db: Db, box: SecretBox, organizationId: number, input: ChannelInput, source: 'api' | 'oauth' = 'api', token?: TokenFacts) {
  const externalAccountId = input.platform === 'twilio' ? `${input.credentials.accountSid}:${twilioSender(input.externalAccountId)}` : input.externalAccountId;
  const credentials = { platform: input.platform, ...input.credentials } as ChannelCredentials;
  const existing = await db.selectFrom('channels').select(['id', 'organization_id']).where('platform', '=', input.platform).where('external_account_id', '=', externalAccountId).executeTakeFirst();
  if (existing && existing.organization_id !== organizationId) throw new AppError('CONFLICT', 'this account is already connected to another organisation');
  const sealed = sealCredentials(box, credentials);
  // A token pasted in (API) has no known expiry; a reconnect replaces whatever the old token had.
  const tokenColumns = { token_expires_at: token?.tokenExpiresAt ?? null, token_refreshed_at: token ? new Date() : null };
  const row = await db
    .insertInto('channels')
    .values({ organization_id: organizationId, platform: input.platform, external_account_id: externalAccountId, display_name: input.displayName, credentials_enc: sealed, source, ...tokenColumns })
    .onConflict((oc) =>
      oc
        .columns(['platform', 'external_account_id'])
        .doUpdateSet({ credentials_enc: sealed, display_name: input.displayName, connection_state: 'connected', last_error: null, updated_at: new Date(), ...tokenColumns })
        .where('channels.organization_id', '=', organizationId),
    )
    .returning(['id', 'platform', 'display_name', 'external_account_id'])
    .executeTakeFirst();
  // Another organisation connected it between the check above and this insert (the update's
  // WHERE left its row alone): the same answer as when it was there first.
  if (!row) throw new AppError('CONFLICT', 'this account is already connected to another organisation');
  return row;
}

/** What became of the platform's webhook subscription when a channel was disconnected. */
export type UnsubscribeOutcome = 'removed' | 'kept' | 'not_supported' | 'failed';

/**
 * Disconnect: first `unsubscribe` (the platform's webhook subscription, where it allows removing
 * it: src/core/oauth/webhook-subscriptions.ts), while the tokens still exist; then the tokens are
 * deleted. Conversations and messages stay.
 */
export async function disconnectChannel(
  db: Db,
  organizationId: number,
  channelId: number,
  unsubscribe?: (channel: Channel) => Promise<UnsubscribeOutcome>,
): Promise<UnsubscribeOutcome> {
  const channel = await db.selectFrom('channels').selectAll().where('id', '=', channelId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!channel) throw notFound('channel');
  // A platform that cannot be reached must not keep an admin from disconnecting.
  const subscription = unsubscribe && channel.credentials_enc ? await unsubscribe(channel).catch((): UnsubscribeOutcome => 'failed') : 'not_supported';
  const res = await db
    .updateTable('channels')
    .set({ connection_state: 'disconnected', credentials_enc: null, token_expires_at: null, subscription_state: null, subscription_detail: null, subscription_checked_at: null, updated_at: new Date() })
    .where('id', '=', channelId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (res.numUpdatedRows === 0n) throw notFound('channel');
  return subscription;
}
