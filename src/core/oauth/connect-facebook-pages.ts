import { exchangeCode, exchangeLongLived, listManagedPages, type ManagedPage } from '../../channels/meta/oauth.ts';
import type { Principal } from '../accounts/auth-tokens.ts';
import { facebookApp, oauthClient, redirectUri, type OAuthDeps } from './oauth-config.ts';
import { savePending, takePending, type PendingChoice } from './pending-connections.ts';
import { failedWith, saveConnection, subscribeSaved, summarise, type ConnectResult, type Saved } from './save-connection.ts';
import type { SubscriptionOutcome } from './webhook-subscriptions.ts';

/**
 * Facebook Login for Pages (FACTS 2.6), for Messenger and for Instagram through its linked Page
 * (FACTS 3.6 path A): code → short-lived user token → long-lived user token → the Pages with their
 * Page tokens (which, derived from a long-lived token, never expire). The admin then chooses which
 * to connect; each chosen Page is subscribed to the app's webhooks (`POST /{PAGE_ID}/subscribed_apps`).
 */

/** FACTS 2.6: a Page token can read and answer messages only for someone with one of these tasks. */
const MESSAGING_TASKS = ['MESSAGING', 'MODERATE', 'MANAGE'];
const canMessage = (p: ManagedPage): boolean => !p.tasks || p.tasks.some((t) => MESSAGING_TASKS.includes(t));

export async function completeFacebookLogin(deps: OAuthDeps, principal: Principal, platform: 'messenger' | 'instagram', code: string): Promise<ConnectResult> {
  const app = facebookApp(deps.config);
  if (!app) return failedWith(platform, 'FACEBOOK_APP_ID and FACEBOOK_APP_SECRET are not set.');
  const client = oauthClient(deps.config);
  const short = await exchangeCode(client, app, code, redirectUri(deps.config, platform), platform);
  if (!short.ok) return failedWith(platform, short.failure.reason);
  const long = await exchangeLongLived(client, app, short.value.accessToken);
  // Page tokens from a short-lived user token die within the hour (FACTS 2.6): never store those.
  if (!long.ok) return failedWith(platform, `Meta did not give a long-lived token: ${long.failure.reason}`);
  const pages = await listManagedPages(client, long.value.accessToken, app.appSecret);
  if (!pages.ok) return failedWith(platform, pages.failure.reason);

  const usable = pages.value.filter((p): p is ManagedPage & { access_token: string } => Boolean(p.access_token) && canMessage(p));
  const choices: PendingChoice[] =
    platform === 'messenger'
      ? usable.map((p) => ({ id: p.id, name: p.name || p.id, pageId: p.id, pageName: p.name, pageToken: p.access_token }))
      : usable.flatMap((p) => {
          const ig = p.instagram_business_account;
          if (!ig) return [];
          const name = ig.username ? `@${ig.username}` : `Instagram account of ${p.name || p.id}`;
          return [{ id: ig.id, name, pageId: p.id, pageName: p.name, pageToken: p.access_token, ...(ig.username && { instagramUsername: ig.username }) }];
        });
  if (choices.length === 0) {
    return failedWith(
      platform,
      platform === 'messenger'
        ? 'No Facebook Page you can answer messages for was shared with snorq. Connect again and select at least one Page.'
        : 'None of the Pages shared with snorq has an Instagram professional account linked to it.',
    );
  }
  const pendingId = await savePending(deps.db, deps.secretBox, { organizationId: principal.organizationId, tokenId: principal.tokenId }, { platform, choices });
  return { kind: 'choose', pendingId };
}

/** The admin's choice from the picker: connect those accounts and subscribe their Pages once each. */
export async function connectChosenPages(deps: OAuthDeps, principal: Principal, pendingId: string, chosenIds: string[]): Promise<ConnectResult | null> {
  const pending = await takePending(deps.db, deps.secretBox, pendingId, principal);
  if (!pending) return null;
  const { platform } = pending;
  const chosen = pending.choices.filter((c) => chosenIds.includes(c.id));
  if (chosen.length === 0) return failedWith(platform, 'No account was selected, so nothing was connected.');
  const saved: Saved[] = [];
  const warnings: string[] = [];
  const byPage = new Map<string, SubscriptionOutcome>();
  for (const c of chosen) {
    const input =
      platform === 'messenger'
        ? { platform, externalAccountId: c.id, displayName: c.name, credentials: { pageAccessToken: c.pageToken } }
        : { platform, externalAccountId: c.id, displayName: c.name, credentials: { accessToken: c.pageToken, loginType: 'facebook' as const, pageId: c.pageId } };
    const result = await saveConnection(deps, principal, input, null);
    saved.push(result);
    if (!result.ok) continue;
    const creds = platform === 'messenger' ? { platform, pageAccessToken: c.pageToken } : { platform, accessToken: c.pageToken, loginType: 'facebook' as const, pageId: c.pageId };
    const outcome = await subscribeSaved(deps, result, { platform, external_account_id: c.id }, creds, byPage.get(c.pageId));
    byPage.set(c.pageId, outcome);
    if (outcome.state !== 'subscribed' && outcome.detail) warnings.push(`${c.name}: ${outcome.detail}`);
  }
  return summarise(platform, saved, warnings, 'Nothing was connected.');
}
