import { sql, type Transaction } from 'kysely';
import { refreshInstagramToken } from '../../channels/instagram/oauth.ts';
import type { Outcome } from '../../channels/meta/graph-client.ts';
import { refreshTikTokToken } from '../../channels/tiktok/oauth.ts';
import type { ChannelCredentials, PlatformFailure } from '../../channels/types.ts';
import type { Channel, Database } from '../../db/schema.ts';
import { sealCredentials, tryOpenCredentials } from '../channels/channel-credentials.ts';
import { tiktokApp } from '../../channels/tiktok/app.ts';
import { oauthClient, type OAuthDeps } from './oauth-config.ts';

/**
 * Renewing one channel's token, policy and all (FACTS 6.6, 3.6, pitfall 29):
 * - TikTok: the access token lives ~24 h; it is renewed once less than REFRESH_TIKTOK_BEFORE_MS
 *   is left, with the refresh token, which rotates: the new pair replaces the old in the same
 *   transaction that holds the channel's advisory lock, so two instances (or two ticks) never
 *   spend one refresh token twice — the second waits, re-reads, and finds the token fresh.
 * - Instagram Login: the 60-day token is renewed once less than ten days are left (as Chatwoot
 *   does); the endpoint refuses tokens younger than 24 h, so younger ones wait.
 * - Page tokens never expire (FACTS 2.6) and system-user tokens cannot be refreshed (4.6): none.
 * A refusal that means the grant is gone marks the channel `needs_reconnect`; a network error or
 * a platform outage leaves it connected for the next tick.
 */

export const REFRESH_TIKTOK_BEFORE_MS = 2 * 3600_000;
export const REFRESH_INSTAGRAM_BEFORE_MS = 10 * 86_400_000;
const INSTAGRAM_MIN_AGE_MS = 24 * 3600_000;

/** Advisory lock class for token refreshes ('snrq' as an int4); the channel id is the second key. */
const REFRESH_LOCK_CLASS = 0x736e7271;

export type RefreshOutcome = 'refreshed' | 'fresh' | 'not_refreshable' | 'rejected' | 'failed' | 'gone';

type Policy = { refreshable: false } | { refreshable: true; due: boolean };

/** Pure: is this channel's token refreshable, and is it time? */
export function refreshPolicy(channel: Pick<Channel, 'platform' | 'token_expires_at' | 'token_refreshed_at' | 'updated_at'>, creds: ChannelCredentials, now: Date): Policy {
  const left = channel.token_expires_at ? channel.token_expires_at.getTime() - now.getTime() : null;
  if (creds.platform === 'tiktok' && creds.refreshToken) {
    // Without a known expiry (pasted in), refresh to learn it.
    return { refreshable: true, due: left === null || left < REFRESH_TIKTOK_BEFORE_MS };
  }
  if (creds.platform === 'instagram' && creds.loginType === 'instagram' && left !== null) {
    const age = now.getTime() - (channel.token_refreshed_at ?? channel.updated_at).getTime();
    return { refreshable: true, due: left < REFRESH_INSTAGRAM_BEFORE_MS && left > 0 && age >= INSTAGRAM_MIN_AGE_MS };
  }
  return { refreshable: false };
}

type Renewed = { creds: ChannelCredentials; expiresAt: Date | null };

async function renew(deps: OAuthDeps, creds: ChannelCredentials, now: Date): Promise<Outcome<Renewed>> {
  const client = oauthClient(deps.config);
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  if (creds.platform === 'tiktok' && creds.refreshToken) {
    const app = tiktokApp(deps.config);
    if (!app) return { ok: false, failure: { code: 'UNKNOWN_PLATFORM_ERROR', reason: 'TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET are not set, so the token cannot be refreshed.', retryable: false, platformCode: 'not_configured' } };
    if (creds.refreshTokenExpiresAt && Date.parse(creds.refreshTokenExpiresAt) <= now.getTime()) {
      return { ok: false, failure: { code: 'TOKEN_EXPIRED', reason: 'TikTok’s refresh token has expired (they last a year); reconnect the channel.', retryable: false, tokenInvalid: true, platformCode: 'refresh_token_expired' } };
    }
    const t = await refreshTikTokToken(client, app, creds.refreshToken);
    if (!t.ok) return t;
    const next: ChannelCredentials = {
      ...creds,
      accessToken: t.value.accessToken,
      refreshToken: t.value.refreshToken,
      ...(t.value.refreshTokenExpiresIn !== undefined && { refreshTokenExpiresAt: at(t.value.refreshTokenExpiresIn).toISOString() }),
      ...(t.value.scope && { scope: t.value.scope }),
    };
    return { ok: true, value: { creds: next, expiresAt: at(t.value.expiresIn) } };
  }
  if (creds.platform === 'instagram') {
    const t = await refreshInstagramToken(client, creds.accessToken, deps.config.INSTAGRAM_APP_SECRET);
    if (!t.ok) return t;
    return { ok: true, value: { creds: { ...creds, accessToken: t.value.accessToken }, expiresAt: t.value.expiresIn ? at(t.value.expiresIn) : null } };
  }
  return { ok: false, failure: { code: 'UNKNOWN_PLATFORM_ERROR', reason: 'This channel’s token cannot be refreshed.', retryable: false, platformCode: 'not_refreshable' } };
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

    const renewed = await renew(deps, creds, now);
    if (renewed.ok) {
      await trx
        .updateTable('channels')
        .set({
          credentials_enc: sealCredentials(deps.secretBox, renewed.value.creds),
          token_expires_at: renewed.value.expiresAt,
          token_refreshed_at: now,
          updated_at: now,
          ...(recovering && { connection_state: 'connected' as const, last_error: null }),
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
    await trx.updateTable('channels').set({ connection_state: 'needs_reconnect', last_error: reason, last_error_at: now, updated_at: now }).where('id', '=', channelId).execute();
    return 'rejected';
  }
  await trx.updateTable('channels').set({ last_error: reason, last_error_at: now }).where('id', '=', channelId).execute();
  return 'failed';
}
