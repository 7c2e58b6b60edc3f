import { z } from 'zod';
import { graphFailure } from '../meta/graph-client.ts';
import { unreadable, type Outcome } from '../http/outcome.ts';
import { addAppSecretProof } from '../meta/app-secret-proof.ts';
import { graphJson, graphUrl, refused, type IssuedToken } from '../meta/oauth.ts';
import { fetchJson, type AppCredentials, type OAuthClient } from '../http/oauth-client.ts';
import type { PlatformFailure } from '../types.ts';
import { prefixWithin } from '../../text/cut-text.ts';

/**
 * Instagram API with Instagram Login (FACTS 3.6 path B): code → short-lived token on
 * api.instagram.com, → 60-day token on graph.instagram.com (`/access_token`, no version in the
 * path), refreshed with `/refresh_access_token` (only once ≥ 24 h old and unexpired), profile from
 * `/{v}/me`. Path A (through a Facebook Page) is Facebook Login: src/channels/meta/oauth.ts.
 */

/** FACTS 3.6: the renamed (2025-01-27) business scopes snorq needs to read and answer DMs. */
export const INSTAGRAM_LOGIN_SCOPES = ['instagram_business_basic', 'instagram_business_manage_messages'];

const trim = (url: string): string => url.replace(/\/+$/, '');

// api.instagram.com answers `{access_token, user_id, permissions}` (what Chatwoot's OAuth2 client
// reads); Meta's newer samples wrap it in `data: [ … ]`. Both are accepted.
const ShortToken = z.looseObject({ access_token: z.string().min(1), user_id: z.union([z.string(), z.number()]).optional() });
const Wrapped = z.looseObject({ data: z.array(ShortToken).min(1) });
// Its errors: `{error_type, code, error_message}` (Chatwoot's callbacks controller).
const InstagramError = z.looseObject({ error_type: z.string().optional(), code: z.number().optional(), error_message: z.string().optional() });

export interface InstagramShortToken {
  accessToken: string;
  userId?: string;
}

/** FACTS 3.6: `POST https://api.instagram.com/oauth/access_token` (form). */
export async function exchangeInstagramCode(client: OAuthClient, app: AppCredentials, code: string, redirectUri: string): Promise<Outcome<InstagramShortToken>> {
  const form = new URLSearchParams({ client_id: app.appId, client_secret: app.appSecret, grant_type: 'authorization_code', redirect_uri: redirectUri, code });
  const answer = await fetchJson(
    client,
    `${trim(client.urls.instagramApi)}/oauth/access_token`,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() },
    'Instagram',
  );
  if (!answer.ok) return answer;
  const { status, headers, body } = answer.value;
  if (status < 200 || status >= 300) return { ok: false, failure: instagramLoginFailure(status, body, headers) };
  const flat = ShortToken.safeParse(body);
  const wrapped = Wrapped.safeParse(body);
  const token = flat.success ? flat.data : wrapped.success ? wrapped.data.data[0] : undefined;
  if (!token) return { ok: false, failure: unreadable('Instagram', status) };
  return { ok: true, value: { accessToken: token.access_token, ...(token.user_id !== undefined && { userId: String(token.user_id) }) } };
}

function instagramLoginFailure(status: number, body: unknown, headers: Headers): PlatformFailure {
  const err = InstagramError.safeParse(body);
  if (err.success && err.data.error_message)
    return refused(`Instagram refused the sign-in: ${prefixWithin(err.data.error_message, 200)}`, `${err.data.error_type ?? 'error'}/${err.data.code ?? status}`);
  // Some of its errors are Graph-shaped.
  return graphFailure(status, body, headers, 'instagram');
}

const LongToken = z.looseObject({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.number().optional() });

async function instagramToken(client: OAuthClient, path: '/access_token' | '/refresh_access_token', query: Record<string, string>, appSecret?: string): Promise<Outcome<IssuedToken>> {
  const url = new URL(`${trim(client.urls.instagramGraph)}${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  if (query.access_token) addAppSecretProof(url, query.access_token, appSecret);
  const res = await graphJson(client, url, { method: 'GET' }, LongToken, 'instagram');
  if (!res.ok) return res;
  return { ok: true, value: { accessToken: res.value.access_token, ...(res.value.expires_in !== undefined && { expiresIn: res.value.expires_in }) } };
}

/** FACTS 3.6: short-lived → long-lived (60 days). */
export function exchangeInstagramLongLived(client: OAuthClient, appSecret: string, shortToken: string): Promise<Outcome<IssuedToken>> {
  return instagramToken(client, '/access_token', { grant_type: 'ig_exchange_token', client_secret: appSecret, access_token: shortToken });
}

/** FACTS 3.6: another 60 days; the token must be at least 24 h old and still valid. */
export function refreshInstagramToken(client: OAuthClient, longToken: string, appSecret?: string): Promise<Outcome<IssuedToken>> {
  return instagramToken(client, '/refresh_access_token', { grant_type: 'ig_refresh_token', access_token: longToken }, appSecret);
}

const Profile = z.looseObject({
  id: z.string().min(1),
  user_id: z.union([z.string(), z.number()]).optional(),
  username: z.string().optional(),
  name: z.string().optional(),
});
export interface InstagramAccount {
  /** `user_id`: the id webhooks carry (FACTS 3.6), which is the channel's routing id. */
  accountId: string;
  username?: string;
  name?: string;
}

export async function instagramMe(client: OAuthClient, token: string, appSecret?: string): Promise<Outcome<InstagramAccount>> {
  const url = addAppSecretProof(graphUrl(client, '/me', { fields: 'id,username,user_id,name,account_type', access_token: token }, 'instagramGraph'), token, appSecret);
  const res = await graphJson(client, url, { method: 'GET' }, Profile, 'instagram');
  if (!res.ok) return res;
  const p = res.value;
  return { ok: true, value: { accountId: String(p.user_id ?? p.id), ...(p.username && { username: p.username }), ...(p.name && { name: p.name }) } };
}
