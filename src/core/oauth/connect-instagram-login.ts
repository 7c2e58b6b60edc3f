import { exchangeInstagramCode, exchangeInstagramLongLived, instagramMe } from '../../channels/instagram/oauth.ts';
import type { Principal } from '../accounts/auth-tokens.ts';
import { instagramLoginApp, oauthClient, redirectUri, type OAuthDeps } from './oauth-config.ts';
import { failedWith, saveConnection, subscribeSaved, summarise, type ConnectResult } from './save-connection.ts';

/**
 * Instagram API with Instagram Login (FACTS 3.6 path B): code → short-lived token → 60-day token
 * (stored, with its expiry; src/core/oauth/refresh-channel-token.ts renews it) → the account's
 * `user_id` (the id webhooks carry) → `POST /{IG_ID}/subscribed_apps` on graph.instagram.com.
 */
export async function completeInstagramLogin(deps: OAuthDeps, principal: Principal, code: string, now = new Date()): Promise<ConnectResult> {
  const app = instagramLoginApp(deps.config);
  if (!app) return failedWith('instagram', 'INSTAGRAM_APP_ID and INSTAGRAM_APP_SECRET are not set.');
  const client = oauthClient(deps.config);
  const short = await exchangeInstagramCode(client, app, code, redirectUri(deps.config, 'instagram'));
  if (!short.ok) return failedWith('instagram', short.failure.reason);
  const long = await exchangeInstagramLongLived(client, app.appSecret, short.value.accessToken);
  // A short-lived token would die within the hour (FACTS 3.6): store only the long-lived one.
  if (!long.ok) return failedWith('instagram', `Instagram did not give a long-lived token: ${long.failure.reason}`);
  const me = await instagramMe(client, long.value.accessToken, app.appSecret);
  if (!me.ok) return failedWith('instagram', me.failure.reason);

  const token = long.value.accessToken;
  const name = me.value.username ? `@${me.value.username}` : (me.value.name ?? `Instagram ${me.value.accountId}`);
  const expiresAt = long.value.expiresIn ? new Date(now.getTime() + long.value.expiresIn * 1000) : null;
  const saved = await saveConnection(deps, principal, { platform: 'instagram', externalAccountId: me.value.accountId, displayName: name, credentials: { accessToken: token, loginType: 'instagram' } }, expiresAt);
  const warnings: string[] = [];
  if (saved.ok) {
    const outcome = await subscribeSaved(deps, saved, { platform: 'instagram', external_account_id: me.value.accountId }, { platform: 'instagram', accessToken: token, loginType: 'instagram' });
    if (outcome.state !== 'subscribed' && outcome.detail) warnings.push(outcome.detail);
  }
  return summarise('instagram', [saved], warnings, 'Nothing was connected.');
}
