import type { ConnectContext, ConnectResult } from '../channel-definition.ts';
import { failedWith, subscriptionWarning, summarise } from '../connect-results.ts';
import { tiktokApp } from './app.ts';
import { exchangeTikTokCode, TIKTOK_SCOPES, tiktokBusinessName } from './oauth.ts';

/**
 * TikTok business authorisation (FACTS 6.6): the auth code → access token (~24 h), rotating
 * refresh token (~1 year), scopes and the business id (`open_id`). Both expiries are stored; the
 * refresher renews the access token well before it lapses. Webhooks are app-wide (FACTS 6.1): the
 * app's callback URL is registered as snorq's when it is not already.
 */
/**
 * FACTS 6.6: TIKTOK_AUTH_URL defaults to business-api.tiktok.com, whose consent page is
 * `/portal/auth?app_id=&state=&redirect_uri=`; the scopes Chatwoot asks www.tiktok.com for ride
 * along (which of the two pages Business Messaging accounts must use is unconfirmed, FACTS 6.0).
 */
export function tiktokAuthUrl(ctx: { config: ConnectContext['config'] }, flow: { state: string; redirectUri: string }): string | null {
  const app = tiktokApp(ctx.config);
  if (!app) return null;
  const params = new URLSearchParams({ app_id: app.appId, state: flow.state, redirect_uri: flow.redirectUri, scope: TIKTOK_SCOPES.join(',') });
  return `${ctx.config.TIKTOK_AUTH_URL}/portal/auth?${params.toString()}`;
}

export async function completeTikTokAuth(ctx: ConnectContext, code: string, now = new Date()): Promise<ConnectResult> {
  const app = tiktokApp(ctx.config);
  if (!app) return failedWith('tiktok', 'TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET are not set.');
  const client = ctx.client;
  const t = await exchangeTikTokCode(client, app, code, ctx.redirectUri);
  if (!t.ok) return failedWith('tiktok', t.failure.reason);
  const businessId = t.value.openId;
  if (!businessId) return failedWith('tiktok', 'TikTok did not say which business was authorised (no open_id).');
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  const credentials = {
    accessToken: t.value.accessToken,
    refreshToken: t.value.refreshToken,
    ...(t.value.refreshTokenExpiresIn !== undefined && { refreshTokenExpiresAt: at(t.value.refreshTokenExpiresIn).toISOString() }),
    ...(t.value.scope && { scope: t.value.scope }),
  };
  const name = (await tiktokBusinessName(client, t.value.accessToken, businessId)) ?? `TikTok ${businessId}`;
  const saved = await ctx.save({ platform: 'tiktok', externalAccountId: businessId, displayName: name, credentials }, at(t.value.expiresIn));
  const warnings: string[] = [];
  if (saved.ok) {
    const outcome = await ctx.subscribe(saved, { platform: 'tiktok', external_account_id: businessId }, { platform: 'tiktok', ...credentials });
    warnings.push(...subscriptionWarning(outcome));
  }
  return summarise('tiktok', [saved], warnings, 'Nothing was connected.');
}
