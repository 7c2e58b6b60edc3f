import { z } from 'zod';
import type { PendingCandidate, PendingConnection } from '../../core/connections/pending-connections.ts';
import type { ConnectContext, ConnectResult, SavedAccount, SubscriptionOutcome } from '../channel-definition.ts';
import { failedWith, summarise } from '../connect-results.ts';
import { facebookApp } from './apps.ts';
import { exchangeCode, exchangeLongLived, listManagedPages, type ManagedPage } from './oauth.ts';

/**
 * Facebook Login for Pages (FACTS 2.6), for Messenger and for Instagram through its linked Page
 * (FACTS 3.6 path A): code → short-lived user token → long-lived user token → the Pages with their
 * Page tokens (which, derived from a long-lived token, never expire). The admin then chooses which
 * to connect; each chosen Page is subscribed to the app's webhooks (`POST /{PAGE_ID}/subscribed_apps`).
 */

/** FACTS 2.6: what a Page inbox needs (Human Agent is an app feature, not a scope). */
export const PAGE_SCOPES = ['pages_messaging', 'pages_manage_metadata', 'pages_show_list', 'pages_read_engagement', 'business_management'];
/** FACTS 3 path A: Instagram through the Page it is linked to. */
export const INSTAGRAM_PAGE_SCOPES = ['instagram_basic', 'instagram_manage_messages', 'pages_manage_metadata', 'pages_show_list', 'pages_read_engagement', 'business_management'];

/** FACTS 2.6: a Page token can read and answer messages only for someone with one of these tasks. */
const MESSAGING_TASKS = ['MESSAGING', 'MODERATE', 'MANAGE'];
const canMessage = (p: ManagedPage): boolean => !p.tasks || p.tasks.some((t) => MESSAGING_TASKS.includes(t));

/** Facebook Login's dialog, asking for `scopes`. */
export function facebookLoginUrl(ctx: { config: ConnectContext['config'] }, flow: { state: string; redirectUri: string }, scopes: string[]): string | null {
  const app = facebookApp(ctx.config);
  if (!app) return null;
  const params = new URLSearchParams({ client_id: app.appId, redirect_uri: flow.redirectUri, state: flow.state, response_type: 'code', scope: scopes.join(',') });
  return `${ctx.config.META_OAUTH_URL}/${ctx.config.META_GRAPH_VERSION}/dialog/oauth?${params.toString()}`;
}

/** What a Page (or its Instagram account) needs to be connected once chosen: kept sealed as the candidate's `detail`. */
const PageDetail = z.object({ pageId: z.string(), pageToken: z.string() });

/** What the picker is about: the Pages themselves, or the Instagram accounts linked to them. */
const WHAT = { messenger: 'Facebook Pages', instagram: 'Instagram accounts' } as const;

function pageCandidates(platform: 'messenger' | 'instagram', usable: (ManagedPage & { access_token: string })[]): PendingCandidate[] {
  if (platform === 'messenger') return usable.map((p) => ({ id: p.id, name: p.name || p.id, hint: `Page ${p.id}`, detail: { pageId: p.id, pageToken: p.access_token } }));
  return usable.flatMap((p) => {
    const ig = p.instagram_business_account;
    if (!ig) return [];
    const name = ig.username ? `@${ig.username}` : `Instagram account of ${p.name || p.id}`;
    return [{ id: ig.id, name, hint: `through the Page ${p.name || p.id}`, detail: { pageId: p.id, pageToken: p.access_token } }];
  });
}

export async function completeFacebookLogin(ctx: ConnectContext, platform: 'messenger' | 'instagram', code: string): Promise<ConnectResult> {
  const app = facebookApp(ctx.config);
  if (!app) return failedWith(platform, 'FACEBOOK_APP_ID and FACEBOOK_APP_SECRET are not set.');
  const short = await exchangeCode(ctx.client, app, code, ctx.redirectUri, platform);
  if (!short.ok) return failedWith(platform, short.failure.reason);
  const long = await exchangeLongLived(ctx.client, app, short.value.accessToken);
  // Page tokens from a short-lived user token die within the hour (FACTS 2.6): never store those.
  if (!long.ok) return failedWith(platform, `Meta did not give a long-lived token: ${long.failure.reason}`);
  const pages = await listManagedPages(ctx.client, long.value.accessToken, app.appSecret);
  if (!pages.ok) return failedWith(platform, pages.failure.reason);

  const usable = pages.value.filter((p): p is ManagedPage & { access_token: string } => Boolean(p.access_token) && canMessage(p));
  const candidates = pageCandidates(platform, usable);
  if (candidates.length === 0) {
    return failedWith(
      platform,
      platform === 'messenger'
        ? 'No Facebook Page you can answer messages for was shared with snorq. Connect again and select at least one Page.'
        : 'None of the Pages shared with snorq has an Instagram professional account linked to it.',
    );
  }
  return ctx.choose({ platform, what: WHAT[platform], candidates });
}

/** The admin's choice from the picker: connect those accounts and subscribe their Pages once each. */
export async function connectChosenPages(ctx: ConnectContext, pending: PendingConnection, chosenIds: string[]): Promise<ConnectResult> {
  const platform = pending.platform === 'instagram' ? 'instagram' : 'messenger';
  const chosen = pending.candidates.flatMap((c) => {
    const detail = PageDetail.safeParse(c.detail);
    return chosenIds.includes(c.id) && detail.success ? [{ id: c.id, name: c.name, ...detail.data }] : [];
  });
  if (chosen.length === 0) return failedWith(platform, 'No account was selected, so nothing was connected.');
  const saved: SavedAccount[] = [];
  const warnings: string[] = [];
  const byPage = new Map<string, SubscriptionOutcome>();
  for (const c of chosen) {
    const creds =
      platform === 'messenger'
        ? { platform: 'messenger' as const, pageAccessToken: c.pageToken }
        : { platform: 'instagram' as const, accessToken: c.pageToken, loginType: 'facebook' as const, pageId: c.pageId };
    const { platform: _platform, ...credentials } = creds;
    const result = await ctx.save({ platform, externalAccountId: c.id, displayName: c.name, credentials }, null);
    saved.push(result);
    if (!result.ok) continue;
    const outcome = await ctx.subscribe(result, { platform, external_account_id: c.id }, creds, byPage.get(c.pageId));
    byPage.set(c.pageId, outcome);
    if (outcome.state !== 'subscribed' && outcome.detail) warnings.push(`${c.name}: ${outcome.detail}`);
  }
  return summarise(platform, saved, warnings, 'Nothing was connected.');
}
