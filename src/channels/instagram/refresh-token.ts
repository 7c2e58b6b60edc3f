import type { ChannelTokenRefresh } from '../channel-definition.ts';
import type { InstagramCredentials } from './credentials.ts';
import { refreshInstagramToken } from './oauth.ts';

/**
 * FACTS 3.6: an Instagram Login token lasts 60 days and is renewed once less than ten days are
 * left (as Chatwoot does); the endpoint refuses tokens younger than 24 h, so younger ones wait.
 * Tokens of a Page (Instagram through Facebook) never expire (FACTS 2.6).
 */
export const REFRESH_INSTAGRAM_BEFORE_MS = 10 * 86_400_000;
const INSTAGRAM_MIN_AGE_MS = 24 * 3600_000;

export const instagramTokenRefresh: ChannelTokenRefresh<InstagramCredentials> = {
  policy(channel, creds, now) {
    if (creds.loginType !== 'instagram' || !channel.token_expires_at) return { refreshable: false };
    const left = channel.token_expires_at.getTime() - now.getTime();
    const age = now.getTime() - (channel.token_refreshed_at ?? channel.updated_at).getTime();
    return { refreshable: true, due: left < REFRESH_INSTAGRAM_BEFORE_MS && left > 0 && age >= INSTAGRAM_MIN_AGE_MS };
  },
  async renew(ctx, creds, now) {
    const t = await refreshInstagramToken(ctx.client, creds.accessToken, ctx.config.INSTAGRAM_APP_SECRET);
    if (!t.ok) return t;
    return { ok: true, value: { credentials: { ...creds, accessToken: t.value.accessToken }, expiresAt: t.value.expiresIn ? new Date(now.getTime() + t.value.expiresIn * 1000) : null } };
  },
  lookAheadMs: REFRESH_INSTAGRAM_BEFORE_MS,
};
