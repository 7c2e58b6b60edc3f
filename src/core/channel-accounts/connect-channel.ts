import { sql } from 'kysely';
import { z } from 'zod';
import type { UnsubscribeOutcome } from '../../channels/channel-definition.ts';
import type { ChannelCredentials } from '../../channels/types.ts';
import type { Db } from '../../db/database.ts';
import type { Channel } from '../../db/schema.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { sealCredentials } from './channel-credentials.ts';
import { twilioSender } from '../../channels/twilio/sender.ts';

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

/** What an OAuth flow knows about the token beyond the credentials (src/core/connections). */
export interface TokenFacts {
  /** When the access token expires; null for tokens that do not (Page tokens, FACTS 2.6). */
  tokenExpiresAt: Date | null;
}

const ACCOUNT_NAMES = { messenger: 'Facebook Page', instagram: 'Instagram account', whatsapp: 'WhatsApp number', twilio: 'Twilio WhatsApp sender', tiktok: 'TikTok business account' } as const;

/** The refusal when another organisation holds the account: said plainly, the same whichever way it is reached. */
export const connectedElsewhere = (platform: ChannelInput['platform'], accountId: string): AppError =>
  new AppError('CONFLICT', `This ${ACCOUNT_NAMES[platform]} (${accountId}) is connected to another snorq organisation; it can be connected here once it is disconnected there`, { reason: 'ACCOUNT_CONNECTED_ELSEWHERE' });

/**
 * Add a channel by its credentials (sealed at once). An account id belongs to one organisation
 * at a time (webhooks route by it: unique `channels_account_key`), but a claim lasts only as long
 * as the connection: an account another organisation disconnected is released to the one that
 * now proves it holds its credentials (callers verify them first: verify-credentials.ts, or the
 * platform handed them over through OAuth). The old channel keeps its conversations, under its
 * own organisation, with the account id set aside.
 */
export async function connectChannel(db: Db, box: SecretBox, organizationId: number, input: ChannelInput, source: 'api' | 'oauth' = 'api', token?: TokenFacts) {
  const externalAccountId = input.platform === 'twilio' ? `${input.credentials.accountSid}:${twilioSender(input.externalAccountId)}` : input.externalAccountId;
  const credentials = { platform: input.platform, ...input.credentials } as ChannelCredentials;
  const sealed = sealCredentials(box, credentials);
  // A token pasted in (API) has no known expiry; a reconnect replaces whatever the old token had.
  const tokenColumns = { token_expires_at: token?.tokenExpiresAt ?? null, token_refreshed_at: token ? new Date() : null };
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('channels')
      .select(['id', 'organization_id', 'connection_state'])
      .where('platform', '=', input.platform)
      .where('external_account_id', '=', externalAccountId)
      .forUpdate()
      .executeTakeFirst();
    if (existing && existing.organization_id !== organizationId) {
      if (existing.connection_state !== 'disconnected') throw connectedElsewhere(input.platform, input.externalAccountId);
      await releaseAccountId(trx, existing.id, externalAccountId);
    }
    const row = await trx
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
    if (!row) throw connectedElsewhere(input.platform, input.externalAccountId);
    return row;
  });
}

/**
 * Free a disconnected channel's account id for another organisation: the row (and its
 * conversations) stays with its organisation under `<id>#released-<row id>`, which no webhook
 * carries; `settings.releasedAccountId` keeps the original for the channel list.
 */
async function releaseAccountId(trx: Db, channelId: number, accountId: string): Promise<void> {
  await trx
    .updateTable('channels')
    .set({
      external_account_id: `${accountId}#released-${channelId}`,
      settings: sql`settings || ${JSON.stringify({ releasedAccountId: accountId })}::jsonb`,
      updated_at: new Date(),
    })
    .where('id', '=', channelId)
    .where('connection_state', '=', 'disconnected')
    .execute();
}

export type { UnsubscribeOutcome };

/**
 * Disconnect: first `unsubscribe` (the platform's webhook subscription, where it allows removing
 * it: the definition's `connect.unsubscribe`), while the tokens still exist; then the tokens are
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
