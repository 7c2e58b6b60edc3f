import type { FastifyBaseLogger } from 'fastify';
import { periodicJob } from '../jobs/periodic-job.ts';
import type { OAuthDeps } from './oauth-config.ts';
import { sweepOAuthLeftovers } from './oauth-state.ts';
import { CHANNELS } from '../../channels/registry.ts';
import { REFRESH_FAILED_PREFIX, refreshChannelToken, type RefreshOutcome } from './refresh-channel-token.ts';

/** The platforms whose tokens are renewed (their definition's `connect.refresh`). */
const REFRESHING = CHANNELS.flatMap((channel) => (channel.connect.refresh ? [{ id: channel.id, refresh: channel.connect.refresh }] : []));

/**
 * Keeps tokens fresh: every five minutes, every connected channel whose token may be due (each
 * platform with a `connect.refresh` says which: all its channels, or those within `lookAheadMs`
 * of expiry) goes through
 * refreshChannelToken, which decides under the channel's lock. Five minutes against a two-hour
 * margin means a TikTok token is renewed ~24 times before it could lapse, even with a few ticks
 * failing. Several instances may run this at once: the per-channel lock makes that harmless.
 */

export const REFRESH_INTERVAL_MS = 5 * 60_000;

export interface TokenRefresher {
  start(): void;
  stop(): Promise<void>;
  /** One pass now; what happened to each channel looked at. */
  runOnce(now?: Date): Promise<Map<number, RefreshOutcome>>;
}

export function createTokenRefresher(deps: OAuthDeps & { log: FastifyBaseLogger }, intervalMs = REFRESH_INTERVAL_MS): TokenRefresher {
  const pass = async (now = new Date()): Promise<Map<number, RefreshOutcome>> => {
    const candidates = await deps.db
      .selectFrom('channels')
      .select(['id', 'platform', 'connection_state'])
      .where('credentials_enc', 'is not', null)
      .where((eb) =>
        eb.or(
          REFRESHING.flatMap(({ id, refresh }) => [
            eb.and([
              eb('connection_state', '=', 'connected'),
              eb('platform', '=', id),
              ...(refresh.lookAheadMs === undefined ? [] : [eb('token_expires_at', '<', new Date(now.getTime() + refresh.lookAheadMs))]),
            ]),
            // Not after a refused refresh: that needs the admin.
            ...(refresh.recovers
              ? [eb.and([eb('connection_state', '=', 'needs_reconnect'), eb('platform', '=', id), eb.or([eb('last_error', 'is', null), eb('last_error', 'not like', `${REFRESH_FAILED_PREFIX}%`)])])]
              : []),
          ]),
        ),
      )
      .orderBy('token_expires_at', 'asc')
      .execute();
    const outcomes = new Map<number, RefreshOutcome>();
    for (const c of candidates) {
      try {
        const outcome = await refreshChannelToken(deps, c.id, { now, recover: c.connection_state === 'needs_reconnect' });
        outcomes.set(c.id, outcome);
        if (outcome === 'refreshed') deps.log.info({ channelId: c.id, platform: c.platform }, 'channel token refreshed');
        if (outcome === 'rejected') deps.log.warn({ channelId: c.id, platform: c.platform }, 'the platform refused to refresh the channel token; it needs reconnecting');
        if (outcome === 'failed') deps.log.warn({ channelId: c.id, platform: c.platform }, 'refreshing the channel token failed; will retry');
      } catch (err) {
        deps.log.warn({ err, channelId: c.id }, 'refreshing the channel token failed');
      }
    }
    await sweepOAuthLeftovers(deps.db).catch((err: unknown) => deps.log.warn({ err }, 'sweeping OAuth leftovers failed'));
    return outcomes;
  };

  // Soon after start: a snorq that was down for a day finds its TikTok tokens due at once.
  return periodicJob({ intervalMs, firstDelayMs: 5_000, pass, onError: (err) => deps.log.warn({ err }, 'token refresh pass failed') });
}
