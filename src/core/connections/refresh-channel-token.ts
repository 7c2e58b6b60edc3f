import { sql, type Transaction } from 'kysely';
import type { RefreshPolicy } from '../../channels/channel-definition.ts';
import { channelOf, type Platform } from '../../channels/registry.ts';
import type { ChannelCredentials, PlatformFailure } from '../../channels/types.ts';
import type { Channel, Database } from '../../db/schema.ts';
import { sealCredentials, tryOpenCredentials } from '../channel-accounts/channel-credentials.ts';
import { channelLastError, NO_LAST_ERROR } from '../channel-accounts/channel-last-error.ts';
import { oauthClient, type OAuthDeps } from './oauth-config.ts';

/**
 * Renewing one channel's token, as its platform's `connect.refresh` says (FACTS 6.6, 3.6,
 * pitfall 29): `policy` says whether it is time, `renew` calls the platform. The platform call and
 * the write happen in one transaction holding the channel's advisory lock, so two instances (or
 * two ticks) never spend one rotating refresh token twice — the second waits, re-reads, and finds
 * the token fresh. A refusal that means the grant is gone marks the channel `needs_reconnect`; a
 * network error or a platform outage leaves it connected for the next tick.
 */

/** Advisory lock class for token refreshes ('snrq' as an int4); the channel id is the second key. */
const REFRESH_LOCK_CLASS = 0x736e7271;

export type RefreshOutcome = 'refreshed' | 'fresh' | 'not_refreshable' | 'rejected' | 'failed' | 'gone';

/** Pure: is this channel's token refreshable, and is it time? */
export function refreshPolicy(channel: Pick<Channel, 'platform' | 'token_expires_at' | 'token_refreshed_at' | 'updated_at'>, creds: ChannelCredentials, now: Date): RefreshPolicy {
  const refresh = channelOf(channel.platform).connect.refresh;
  return refresh ? refresh.policy(channel, creds as never, now) : { refreshable: false };
}

async function renew(deps: OAuthDeps, platform: Platform, creds: ChannelCredentials, now: Date) {
  const refresh = channelOf(platform).connect.refresh;
  if (!refresh)
    return { ok: false as const, failure: { code: 'UNKNOWN_PLATFORM_ERROR' as const, reason: 'This channel’s token cannot be refreshed.', retryable: false, platformCode: 'not_refreshable' } };
  return refresh.renew({ config: deps.config, client: oauthClient(deps.config) }, creds as never, now);
}

/**
 * Refresh one channel's token if its policy says so (or `force`). Serialised per channel by a
 * transaction-scoped advisory lock: the platform call happens under it, and so does the write.
 */
/** How a refused refresh is recorded; a channel marked by anything else may still be recovered by one. */
export const REFRESH_FAILED_PREFIX = 'Refreshing the token failed';

export async function refreshChannelToken(
  deps: OAuthDeps,
  channelId: number,
  /** `recover`: the channel was marked needs_reconnect by a rejected access token (a send); a refresh token may still renew it. */
  options: { now?: Date; force?: boolean; recover?: boolean } = {},
): Promise<RefreshOutcome> {
  return deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${REFRESH_LOCK_CLASS}::int4, ${channelId}::int4)`.execute(trx);
    const now = options.now ?? new Date();
    // Read after the lock: a refresh that finished while we waited is seen here.
    const channel = await trx.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirst();
    const recovering = options.recover === true && channel?.connection_state === 'needs_reconnect';
    if (!channel || (channel.connection_state !== 'connected' && !recovering)) return 'gone';
    const { credentials: creds, problem } = tryOpenCredentials(deps.secretBox, channel);
    // Unreadable credentials cannot be renewed: the channel needs reconnecting, said once.
    if (problem) return recordRefreshFailure(trx, channelId, { code: 'TOKEN_EXPIRED', reason: problem, retryable: false, tokenInvalid: true }, now);
    if (!creds) return 'gone';
    const policy = refreshPolicy(channel, creds, now);
    if (!policy.refreshable) return 'not_refreshable';
    if (!policy.due && !options.force && !recovering) return 'fresh';

    const renewed = await renew(deps, channel.platform, creds, now);
    if (renewed.ok) {
      await trx
        .updateTable('channels')
        .set({
          credentials_enc: sealCredentials(deps.secretBox, renewed.value.credentials as ChannelCredentials),
          token_expires_at: renewed.value.expiresAt,
          token_refreshed_at: now,
          updated_at: now,
          ...(recovering && { connection_state: 'connected' as const, ...NO_LAST_ERROR }),
        })
        .where('id', '=', channelId)
        .execute();
      return 'refreshed';
    }
    return recordRefreshFailure(trx, channelId, renewed.failure, now);
  });
}

async function recordRefreshFailure(trx: Transaction<Database>, channelId: number, failure: PlatformFailure, now: Date): Promise<RefreshOutcome> {
  const reason = `${REFRESH_FAILED_PREFIX}: ${failure.reason}`;
  if (failure.tokenInvalid) {
    await trx
      .updateTable('channels')
      .set({ connection_state: 'needs_reconnect', ...channelLastError(failure, reason), last_error_at: now, updated_at: now })
      .where('id', '=', channelId)
      .execute();
    return 'rejected';
  }
  await trx
    .updateTable('channels')
    .set({ ...channelLastError(failure, reason), last_error_at: now })
    .where('id', '=', channelId)
    .execute();
  return 'failed';
}
