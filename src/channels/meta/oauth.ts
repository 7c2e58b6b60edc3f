import { z } from 'zod';
import type { PlatformFailure } from '../types.ts';
import { addAppSecretProof } from './app-secret-proof.ts';
import { graphFailure, type MetaProduct } from './graph-client.ts';
import { fetchJson, type AppCredentials, type OAuthClient } from '../http/oauth-client.ts';
import { unreadable, type Outcome } from '../http/outcome.ts';

/**
 * Facebook Login (FACTS 2.6), the Graph calls around connecting an account (FACTS 3.6, 4.6), and
 * `subscribed_apps` (FACTS 2.1, 3.1, 4.1, pitfall 8). Like graph-client.ts: base URLs and the
 * version come from the caller (config), every failure is a value, no token ever in a reason.
 * These calls run before a channel exists, so they take an OAuthClient instead of a call context;
 * those made with a user, Page or business token take the issuing app's secret for
 * `appsecret_proof` (app-secret-proof.ts) where the caller knows it.
 */

const trim = (url: string): string => url.replace(/\/+$/, '');

/** `{graph}/{v}{path}`; `host: 'instagramGraph'` for graph.instagram.com. */
export function graphUrl(client: OAuthClient, path: string, query: Record<string, string> = {}, host: 'metaGraph' | 'instagramGraph' = 'metaGraph'): URL {
  const url = new URL(`${trim(client.urls[host])}/${client.urls.metaGraphVersion}${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url;
}

/** A Graph call whose 2xx body must match `schema`; non-2xx → graphFailure. */
export async function graphJson<S extends z.ZodType>(client: OAuthClient, url: URL, init: RequestInit, schema: S, product: MetaProduct): Promise<Outcome<z.infer<S>>> {
  const answer = await fetchJson(client, url, { ...init, headers: { accept: 'application/json', ...init.headers } }, 'Meta');
  if (!answer.ok) return answer;
  const { status, headers, body } = answer.value;
  if (status < 200 || status >= 300) return { ok: false, failure: graphFailure(status, body, headers, product) };
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, failure: unreadable('Meta', status) };
}

const TokenAnswer = z.looseObject({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.number().optional() });
export interface IssuedToken {
  accessToken: string;
  /** Seconds; absent for tokens that do not expire (Embedded Signup business tokens). */
  expiresIn?: number;
}
const issued = (t: z.infer<typeof TokenAnswer>): IssuedToken => ({ accessToken: t.access_token, ...(t.expires_in !== undefined && t.expires_in > 0 && { expiresIn: t.expires_in }) });

/** FACTS 2.6: code → short-lived user token (`redirect_uri` must be the dialog's, byte for byte). */
export async function exchangeCode(client: OAuthClient, app: AppCredentials, code: string, redirectUri: string, product: MetaProduct = 'messenger'): Promise<Outcome<IssuedToken>> {
  const url = graphUrl(client, '/oauth/access_token', { client_id: app.appId, redirect_uri: redirectUri, client_secret: app.appSecret, code });
  const res = await graphJson(client, url, { method: 'GET' }, TokenAnswer, product);
  return res.ok ? { ok: true, value: issued(res.value) } : res;
}

/** FACTS 2.6: short-lived → long-lived (~60 days) user token; Page tokens derived from it never expire. */
export async function exchangeLongLived(client: OAuthClient, app: AppCredentials, userToken: string): Promise<Outcome<IssuedToken>> {
  const url = graphUrl(client, '/oauth/access_token', { grant_type: 'fb_exchange_token', client_id: app.appId, client_secret: app.appSecret, fb_exchange_token: userToken });
  const res = await graphJson(client, url, { method: 'GET' }, TokenAnswer, 'messenger');
  return res.ok ? { ok: true, value: issued(res.value) } : res;
}

const PageSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().default(''),
  access_token: z.string().min(1).optional(),
  tasks: z.array(z.string()).optional(),
  instagram_business_account: z.looseObject({ id: z.string().min(1), username: z.string().optional() }).optional(),
});
const PagesAnswer = z.looseObject({ data: z.array(PageSchema), paging: z.looseObject({ next: z.string().optional() }).optional() });
export type ManagedPage = z.infer<typeof PageSchema>;

/** FACTS 2.6: the user's Pages with their (non-expiring) Page tokens and linked Instagram accounts. */
export async function listManagedPages(client: OAuthClient, userToken: string, appSecret?: string): Promise<Outcome<ManagedPage[]>> {
  const pages: ManagedPage[] = [];
  let url: URL | undefined = addAppSecretProof(
    graphUrl(client, '/me/accounts', { fields: 'id,name,access_token,tasks,instagram_business_account{id,username}', limit: '100', access_token: userToken }),
    userToken,
    appSecret,
  );
  // Someone managing more than 500 Pages picks from the first 500; paging beyond is not worth a loop without end.
  for (let i = 0; url && i < 5; i++) {
    const res: Outcome<z.infer<typeof PagesAnswer>> = await graphJson(client, url, { method: 'GET' }, PagesAnswer, 'messenger');
    if (!res.ok) return res;
    pages.push(...res.value.data);
    const next: string | undefined = res.value.paging?.next;
    // Follow only links to the Graph host we called: `next` comes from the response.
    url = next && new URL(next).origin === new URL(client.urls.metaGraph).origin ? addAppSecretProof(new URL(next), userToken, appSecret) : undefined;
  }
  return { ok: true, value: pages };
}

const DebugAnswer = z.looseObject({
  data: z.looseObject({
    app_id: z.string().optional(),
    is_valid: z.boolean().optional(),
    expires_at: z.number().optional(),
    scopes: z.array(z.string()).optional(),
    granular_scopes: z.array(z.looseObject({ scope: z.string(), target_ids: z.array(z.string()).optional() })).optional(),
  }),
});
export type TokenDebug = z.infer<typeof DebugAnswer>['data'];

/** FACTS 2.6 / 4.6 step 2: `debug_token` with the app token `{app_id}|{app_secret}`. */
export async function debugToken(client: OAuthClient, app: AppCredentials, token: string, product: MetaProduct): Promise<Outcome<TokenDebug>> {
  const url = graphUrl(client, '/debug_token', { input_token: token, access_token: `${app.appId}|${app.appSecret}` });
  const res = await graphJson(client, url, { method: 'GET' }, DebugAnswer, product);
  return res.ok ? { ok: true, value: res.value.data } : res;
}

// ---------------------------------------------------------------------------------------------
// subscribed_apps: Pages (2.1, Page token), Instagram Login accounts (3.1 path B, on
// graph.instagram.com), WABAs (4.1 / 4.6 step 5, Bearer)

export interface SubscriptionTarget {
  product: MetaProduct;
  nodeId: string;
  token: string;
  host?: 'metaGraph' | 'instagramGraph';
  /** Pages and Instagram take `access_token` (FACTS 2.6, 3.1); WhatsApp uses Bearer (4.3). */
  auth: 'query' | 'bearer';
  /** The secret of the app the token belongs to, for `appsecret_proof`; absent: none is sent. */
  appSecret?: string;
}

/** FACTS 2.1: the Messenger fields snorq reads. */
export const PAGE_FIELDS = ['messages', 'message_echoes', 'message_deliveries', 'message_reads', 'message_reactions', 'messaging_postbacks', 'messaging_referrals', 'standby', 'message_edits'];
/**
 * FACTS 3.1: every Instagram field the normaliser reads, in Meta's Instagram spelling (singular
 * `messaging_referral`, `message_edit`, reads as `messaging_seen`; echoes and unsends come inside
 * `messages`). A field left out is never delivered: Meta sends only the fields subscribed.
 */
export const INSTAGRAM_LOGIN_FIELDS = ['messages', 'messaging_postbacks', 'messaging_referral', 'message_reactions', 'messaging_seen', 'message_edit'];

function subscriptionRequest(client: OAuthClient, target: SubscriptionTarget, method: 'GET' | 'POST' | 'DELETE', query: Record<string, string> = {}): { url: URL; init: RequestInit } {
  const url = graphUrl(client, `/${encodeURIComponent(target.nodeId)}/subscribed_apps`, query, target.host ?? 'metaGraph');
  const headers: Record<string, string> = {};
  if (target.auth === 'query') url.searchParams.set('access_token', target.token);
  else headers.authorization = `Bearer ${target.token}`;
  addAppSecretProof(url, target.token, target.appSecret);
  return { url, init: { method, headers } };
}

const Success = z.looseObject({ success: z.boolean() });

export async function subscribeApp(client: OAuthClient, target: SubscriptionTarget, fields?: string[]): Promise<Outcome<true>> {
  const { url, init } = subscriptionRequest(client, target, 'POST', fields ? { subscribed_fields: fields.join(',') } : {});
  const res = await graphJson(client, url, init, Success, target.product);
  if (!res.ok) return res;
  return res.value.success ? { ok: true, value: true } : { ok: false, failure: refused('Meta did not confirm the webhook subscription.') };
}

export async function unsubscribeApp(client: OAuthClient, target: SubscriptionTarget): Promise<Outcome<true>> {
  const { url, init } = subscriptionRequest(client, target, 'DELETE');
  const res = await graphJson(client, url, init, Success, target.product);
  return res.ok ? { ok: true, value: true } : res;
}

const SubscribedApp = z.looseObject({
  id: z.string().optional(),
  subscribed_fields: z.array(z.string()).optional(),
  // WABAs answer `{whatsapp_business_api_data: {id, name, link}}` per app (Chatwoot's client).
  whatsapp_business_api_data: z.looseObject({ id: z.string().optional() }).optional(),
});
const SubscribedApps = z.looseObject({ data: z.array(SubscribedApp) });
export interface SubscribedAppInfo {
  appId?: string;
  fields?: string[];
}

export async function listSubscribedApps(client: OAuthClient, target: SubscriptionTarget): Promise<Outcome<SubscribedAppInfo[]>> {
  const { url, init } = subscriptionRequest(client, target, 'GET');
  const res = await graphJson(client, url, init, SubscribedApps, target.product);
  if (!res.ok) return res;
  return { ok: true, value: res.value.data.map((a) => ({ appId: a.id ?? a.whatsapp_business_api_data?.id, fields: a.subscribed_fields })) };
}

export const refused = (reason: string, platformCode = 'refused'): PlatformFailure => ({ code: 'UNKNOWN_PLATFORM_ERROR', reason, retryable: false, platformCode });
