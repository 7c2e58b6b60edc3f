import type { ConnectContext, ConnectResult } from '../channel-definition.ts';
import { failedWith, subscriptionWarning, summarise } from '../connect-results.ts';
import { instagramLoginApp } from '../meta/apps.ts';
import { exchangeInstagramCode, exchangeInstagramLongLived, INSTAGRAM_LOGIN_SCOPES, instagramMe } from './oauth.ts';

/**
 * Instagram API with Instagram Login (FACTS 3.6 path B): code → short-lived token → 60-day token
 * (stored, with its expiry; the token refresher renews it) → the account's `user_id` (the id
 * webhooks carry) → `POST /{IG_ID}/subscribed_apps` on graph.instagram.com.
 */

/** FACTS 3.6 path B; `enable_fb_login=0&force_authentication=1` as Chatwoot sends them. */
export function instagramLoginUrl(ctx: { config: ConnectContext['config'] }, flow: { state: string; redirectUri: string }): string | null {
  const app = instagramLoginApp(ctx.config);
  if (!app) return null;
  const params = new URLSearchParams({
    client_id: app.appId,
    redirect_uri: flow.redirectUri,
    response_type: 'code',
    scope: INSTAGRAM_LOGIN_SCOPES.join(','),
    state: flow.state,
    enable_fb_login: '0',
    force_authentication: '1',
  });
  return `${ctx.config.INSTAGRAM_OAUTH_URL}/oauth/authorize?${params.toString()}`;
}

export async function completeInstagramLogin(ctx: ConnectContext, code: string, now = new Date()): Promise<ConnectResult> {
  const app = instagramLoginApp(ctx.config);
  if (!app) return failedWith('instagram', 'INSTAGRAM_APP_ID and INSTAGRAM_APP_SECRET are not set.');
  const short = await exchangeInstagramCode(ctx.client, app, code, ctx.redirectUri);
  if (!short.ok) return failedWith('instagram', short.failure.reason);
  const long = await exchangeInstagramLongLived(ctx.client, app.appSecret, short.value.accessToken);
  // A short-lived token would die within the hour (FACTS 3.6): store only the long-lived one.
  if (!long.ok) return failedWith('instagram', `Instagram did not give a long-lived token: ${long.failure.reason}`);
  const me = await instagramMe(ctx.client, long.value.accessToken, app.appSecret);
  if (!me.ok) return failedWith('instagram', me.failure.reason);

  const token = long.value.accessToken;
  const name = me.value.username ? `@${me.value.username}` : (me.value.name ?? `Instagram ${me.value.accountId}`);
  const expiresAt = long.value.expiresIn ? new Date(now.getTime() + long.value.expiresIn * 1000) : null;
  const saved = await ctx.save({ platform: 'instagram', externalAccountId: me.value.accountId, displayName: name, credentials: { accessToken: token, loginType: 'instagram' } }, expiresAt);
  const warnings: string[] = [];
  if (saved.ok) {
    const outcome = await ctx.subscribe(saved, { platform: 'instagram', external_account_id: me.value.accountId }, { platform: 'instagram', accessToken: token, loginType: 'instagram' });
    warnings.push(...subscriptionWarning(outcome));
  }
  return summarise('instagram', [saved], warnings, 'Nothing was connected.');
}
