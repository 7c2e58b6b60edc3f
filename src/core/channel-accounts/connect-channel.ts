import { sql } from 'kysely';
import { NO_LAST_ERROR } from './channel-last-error.ts';
import { z } from 'zod';
import type { ChannelAccount, ChannelDefinition, UnsubscribeOutcome } from '../../channels/channel-definition.ts';
import { CHANNELS, channelOf, type Platform } from '../../channels/registry.ts';
import type { ChannelCredentials } from '../../channels/types.ts';
import type { Db } from '../../db/database.ts';
import type { Channel } from '../../db/schema.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { sealCredentials } from './channel-credentials.ts';

/**
 * One account as a connect flow hands it over or an admin types it in (`POST /api/v1/channels`),
 * for each platform of the registry: its definition's `connect.account` says what its id and
 * credentials look like.
 */
type AccountInputOf<C> =
  C extends ChannelDefinition<infer Id, infer Credentials> ? { platform: Id; externalAccountId: string; displayName: string; credentials: Omit<Credentials, 'platform'> } : never;
export type ChannelInput = AccountInputOf<(typeof CHANNELS)[number]>;

export const accountInput = (channel: (typeof CHANNELS)[number]) =>
  z.object({ platform: z.literal(channel.id), externalAccountId: channel.connect.account.id, displayName: z.string().min(1).max(200), credentials: channel.connect.account.credentials });
export const ChannelInput = z.discriminatedUnion('platform', CHANNELS.map(accountInput) as [ReturnType<typeof accountInput>, ...ReturnType<typeof accountInput>[]]) as unknown as z.ZodType<
  ChannelInput,
  unknown
>;

/** What an OAuth flow knows about the token beyond the credentials (src/core/connections). */
export interface TokenFacts {
  /** When the access token expires; null for tokens that do not (Page tokens, FACTS 2.6). */
  tokenExpiresAt: Date | null;
}

/** The refusal when another organisation holds the account: said plainly, the same whichever way it is reached. */
export const connectedElsewhere = (platform: Platform, accountId: string): AppError =>
  new AppError('CONFLICT', `This ${channelOf(platform).connect.account.name} (${accountId}) is connected to another snorq organisation; it can be connected here once it is disconnected there`, {
    reason: 'ACCOUNT_CONNECTED_ELSEWHERE',
    platform: channelOf(platform).ui.name,
    accountId,
  });

/**
 * Add a channel by its credentials (sealed at once). An account id belongs to one organisation
 * at a time (webhooks route by it: unique `channels_account_key`), but a claim lasts only as long
 * as the connection: an account another organisation disconnected is released to the one that
 * now proves it holds its credentials (callers verify them first: verify-credentials.ts, or the
 * platform handed them over through OAuth). The old channel keeps its conversations, under its
 * own organisation, with the account id set aside.
 */
export async function connectChannel(db: Db, box: SecretBox, organizationId: number, input: ChannelInput, source: 'api' | 'oauth' = 'api', token?: TokenFacts) {
  const { routingId } = channelOf(input.platform).connect.account as ChannelAccount<{ platform: Platform }>;
  const externalAccountId = routingId ? routingId(input.externalAccountId, input.credentials) : input.externalAccountId;
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
          .doUpdateSet({ credentials_enc: sealed, display_name: input.displayName, connection_state: 'connected', ...NO_LAST_ERROR, updated_at: new Date(), ...tokenColumns })
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
export async function disconnectChannel(db: Db, organizationId: number, channelId: number, unsubscribe?: (channel: Channel) => Promise<UnsubscribeOutcome>): Promise<UnsubscribeOutcome> {
  const channel = await db.selectFrom('channels').selectAll().where('id', '=', channelId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!channel) throw notFound('channel');
  // A platform that cannot be reached must not keep an admin from disconnecting.
  const subscription = unsubscribe && channel.credentials_enc ? await unsubscribe(channel).catch((): UnsubscribeOutcome => 'failed') : 'not_supported';
  const res = await db
    .updateTable('channels')
    .set({
      connection_state: 'disconnected',
      credentials_enc: null,
      token_expires_at: null,
      subscription_state: null,
      subscription_detail: null,
      subscription_checked_at: null,
      updated_at: new Date(),
    })
    .where('id', '=', channelId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (res.numUpdatedRows === 0n) throw notFound('channel');
  return subscription;
}
