import type { FastifyBaseLogger } from 'fastify';
import type { OAuthDeps } from './oauth-config.ts';
import { sweepOAuthLeftovers } from './oauth-state.ts';
import { REFRESH_FAILED_PREFIX, REFRESH_INSTAGRAM_BEFORE_MS, refreshChannelToken, type RefreshOutcome } from './refresh-channel-token.ts';

/**
 * Keeps tokens fresh: every five minutes, every connected channel whose token may be due (TikTok
 * always, its access token lives a day; Instagram Login within ten days of expiry) goes through
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
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();

  const pass = async (now = new Date()): Promise<Map<number, RefreshOutcome>> => {
    const candidates = await deps.db
      .selectFrom('channels')
      .select(['id', 'platform', 'connection_state'])
      .where('credentials_enc', 'is not', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('connection_state', '=', 'connected'), eb('platform', '=', 'tiktok')]),
          eb.and([eb('connection_state', '=', 'connected'), eb('platform', '=', 'instagram'), eb('token_expires_at', '<', new Date(now.getTime() + REFRESH_INSTAGRAM_BEFORE_MS))]),
          // A TikTok access token that lapsed (snorq was down) and was refused on a send: the
          // refresh token may still be good. Not after a refused refresh: that needs the admin.
          eb.and([
            eb('connection_state', '=', 'needs_reconnect'),
            eb('platform', '=', 'tiktok'),
            eb.or([eb('last_error', 'is', null), eb('last_error', 'not like', `${REFRESH_FAILED_PREFIX}%`)]),
          ]),
        ]),
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

  const runOnce = (now?: Date): Promise<Map<number, RefreshOutcome>> => {
    const run = current.then(() => pass(now), () => pass(now));
    current = run.catch(() => undefined);
    return run;
  };

  const tick = (delayMs: number): void => {
    timer = setTimeout(() => {
      void runOnce()
        .catch((err: unknown) => deps.log.warn({ err }, 'token refresh pass failed'))
        .finally(() => {
          if (running) tick(intervalMs);
        });
    }, delayMs);
  };

  return {
    start() {
      if (running || intervalMs <= 0) return;
      running = true;
      // Soon after start: a snorq that was down for a day finds its TikTok tokens due at once.
      tick(Math.min(intervalMs, 5_000));
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
    runOnce,
  };
}
