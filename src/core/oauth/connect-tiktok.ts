import { exchangeTikTokCode, tiktokBusinessName } from '../../channels/tiktok/oauth.ts';
import type { Principal } from '../accounts/auth-tokens.ts';
import { oauthClient, redirectUri, tiktokApp, type OAuthDeps } from './oauth-config.ts';
import { failedWith, saveConnection, subscribeSaved, summarise, type ConnectResult } from './save-connection.ts';

/**
 * TikTok business authorisation (FACTS 6.6): the auth code → access token (~24 h), rotating
 * refresh token (~1 year), scopes and the business id (`open_id`). Both expiries are stored; the
 * refresher renews the access token well before it lapses. Webhooks are app-wide (FACTS 6.1): the
 * app's callback URL is registered as snorq's when it is not already.
 */
export async function completeTikTokAuth(deps: OAuthDeps, principal: Principal, code: string, now = new Date()): Promise<ConnectResult> {
  const app = tiktokApp(deps.config);
  if (!app) return failedWith('tiktok', 'TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET are not set.');
  const client = oauthClient(deps.config);
  const t = await exchangeTikTokCode(client, app, code, redirectUri(deps.config, 'tiktok'));
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
  const saved = await saveConnection(deps, principal, { platform: 'tiktok', externalAccountId: businessId, displayName: name, credentials }, at(t.value.expiresIn));
  const warnings: string[] = [];
  if (saved.ok) {
    const outcome = await subscribeSaved(deps, saved, { platform: 'tiktok', external_account_id: businessId }, { platform: 'tiktok', ...credentials });
    if (outcome.state !== 'subscribed' && outcome.detail) warnings.push(outcome.detail);
  }
  return summarise('tiktok', [saved], warnings, 'Nothing was connected.');
}
