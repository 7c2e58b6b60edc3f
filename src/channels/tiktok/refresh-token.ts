import type { ChannelTokenRefresh } from '../channel-definition.ts';
import { tiktokApp } from './app.ts';
import type { TiktokCredentials } from './credentials.ts';
import { refreshTikTokToken } from './oauth.ts';

/**
 * FACTS 6.6: the access token lives ~24 h; it is renewed once less than REFRESH_TIKTOK_BEFORE_MS is
 * left, with the refresh token, which rotates: the new pair replaces the old in the same
 * transaction that holds the channel's lock, so a refresh token is never spent twice.
 */
export const REFRESH_TIKTOK_BEFORE_MS = 2 * 3600_000;

export const tiktokTokenRefresh: ChannelTokenRefresh<TiktokCredentials> = {
  policy(channel, creds, now) {
    if (!creds.refreshToken) return { refreshable: false };
    const left = channel.token_expires_at ? channel.token_expires_at.getTime() - now.getTime() : null;
    // Without a known expiry (pasted in), refresh to learn it.
    return { refreshable: true, due: left === null || left < REFRESH_TIKTOK_BEFORE_MS };
  },
  async renew(ctx, creds, now) {
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    const app = tiktokApp(ctx.config);
    if (!app)
      return {
        ok: false,
        failure: {
          code: 'UNKNOWN_PLATFORM_ERROR',
          reason: 'TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET are not set, so the token cannot be refreshed.',
          retryable: false,
          platformCode: 'not_configured',
        },
      };
    if (!creds.refreshToken) return { ok: false, failure: { code: 'UNKNOWN_PLATFORM_ERROR', reason: 'This channel’s token cannot be refreshed.', retryable: false, platformCode: 'not_refreshable' } };
    if (creds.refreshTokenExpiresAt && Date.parse(creds.refreshTokenExpiresAt) <= now.getTime()) {
      return {
        ok: false,
        failure: {
          code: 'TOKEN_EXPIRED',
          reason: 'TikTok’s refresh token has expired (they last a year); reconnect the channel.',
          retryable: false,
          tokenInvalid: true,
          platformCode: 'refresh_token_expired',
        },
      };
    }
    const t = await refreshTikTokToken(ctx.client, app, creds.refreshToken);
    if (!t.ok) return t;
    const credentials: TiktokCredentials = {
      ...creds,
      accessToken: t.value.accessToken,
      refreshToken: t.value.refreshToken,
      ...(t.value.refreshTokenExpiresIn !== undefined && { refreshTokenExpiresAt: at(t.value.refreshTokenExpiresIn).toISOString() }),
      ...(t.value.scope && { scope: t.value.scope }),
    };
    return { ok: true, value: { credentials, expiresAt: at(t.value.expiresIn) } };
  },
  // A lapsed access token (snorq was down) refused on a send: the refresh token may still be good.
  recovers: true,
};
