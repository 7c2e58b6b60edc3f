import { z } from 'zod';
import { unreadable, type Outcome } from '../http/outcome.ts';
import { fetchJson, type AppCredentials, type OAuthClient } from '../http/oauth-client.ts';
import type { PlatformFailure } from '../types.ts';
import { TIKTOK_API_VERSION, tiktokFailure } from './api.ts';

/**
 * TikTok business authorisation (FACTS 6.6, as Chatwoot's `Tiktok::AuthClient` calls it):
 * `tt_user/oauth2/token/` and `…/refresh_token/` (JSON bodies, HTTP 200 with a `code`), and the
 * app-level webhook registration `business/webhook/list|update/` (FACTS 6.1). The refresh token
 * rotates: whoever spends it must persist the new one before anyone else refreshes (the caller
 * serialises refreshes per channel, src/core/connections/refresh-channel-token.ts).
 */

/** FACTS 6.6: the scopes Chatwoot requests. */
export const TIKTOK_SCOPES = [
  'user.info.basic',
  'user.info.username',
  'user.info.stats',
  'user.info.profile',
  'user.account.type',
  'user.insights',
  'message.list.read',
  'message.list.send',
  'message.list.manage',
];

const intLike = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const Envelope = z.looseObject({ code: intLike, message: z.string().optional(), data: z.unknown().optional() });
const TokenData = z.looseObject({
  open_id: z.string().min(1).optional(),
  scope: z.string().optional(),
  access_token: z.string().min(1),
  expires_in: intLike,
  refresh_token: z.string().min(1),
  refresh_token_expires_in: intLike.optional(),
});

export interface TikTokTokens {
  /** The business id used everywhere (FACTS 6.6); absent on refresh answers that omit it. */
  openId?: string;
  scope?: string;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshTokenExpiresIn?: number;
}

const base = (client: OAuthClient): string => `${client.urls.tiktok.replace(/\/+$/, '')}/open_api/${TIKTOK_API_VERSION}`;

async function call(client: OAuthClient, url: string, init: RequestInit): Promise<Outcome<unknown>> {
  const answer = await fetchJson(client, url, { ...init, headers: { accept: 'application/json', ...(init.body && { 'content-type': 'application/json' }), ...init.headers } }, 'TikTok');
  if (!answer.ok) return answer;
  const { status, headers, body } = answer.value;
  const env = Envelope.safeParse(body);
  if (!env.success) return { ok: false, failure: status >= 400 ? tiktokFailure(undefined, undefined, status, headers) : unreadable('TikTok', status) };
  if (env.data.code !== 0 || status >= 400) return { ok: false, failure: tiktokFailure(env.data.code === 0 ? undefined : env.data.code, env.data.message, status, headers) };
  return { ok: true, value: env.data.data };
}

/**
 * A token endpoint's refusal that cannot be retried means the code or refresh token is spent,
 * revoked or expired: only a new authorisation helps.
 */
function asRejection(failure: PlatformFailure): PlatformFailure {
  if (failure.retryable) return failure;
  return { ...failure, code: 'TOKEN_EXPIRED', tokenInvalid: true, reason: 'TikTok refused the authorisation (the refresh token is expired, revoked or already used); reconnect the channel.' };
}

function tokens(data: unknown): Outcome<TikTokTokens> {
  const t = TokenData.safeParse(data);
  if (!t.success) return { ok: false, failure: unreadable('TikTok', 200) };
  const d = t.data;
  return {
    ok: true,
    value: {
      ...(d.open_id && { openId: d.open_id }),
      ...(d.scope && { scope: d.scope }),
      accessToken: d.access_token,
      expiresIn: d.expires_in,
      refreshToken: d.refresh_token,
      ...(d.refresh_token_expires_in !== undefined && { refreshTokenExpiresIn: d.refresh_token_expires_in }),
    },
  };
}

/** FACTS 6.6: the auth code (valid 10 minutes, single use) → access + refresh tokens. */
export async function exchangeTikTokCode(client: OAuthClient, app: AppCredentials, authCode: string, redirectUri: string): Promise<Outcome<TikTokTokens>> {
  const body = { client_id: app.appId, client_secret: app.appSecret, grant_type: 'authorization_code', auth_code: authCode, redirect_uri: redirectUri };
  const res = await call(client, `${base(client)}/tt_user/oauth2/token/`, { method: 'POST', body: JSON.stringify(body) });
  return res.ok ? tokens(res.value) : { ok: false, failure: asRejection(res.failure) };
}

/** FACTS 6.6: spends `refreshToken` and returns its successor, which must be stored at once. */
export async function refreshTikTokToken(client: OAuthClient, app: AppCredentials, refreshToken: string): Promise<Outcome<TikTokTokens>> {
  const body = { client_id: app.appId, client_secret: app.appSecret, grant_type: 'refresh_token', refresh_token: refreshToken };
  const res = await call(client, `${base(client)}/tt_user/oauth2/refresh_token/`, { method: 'POST', body: JSON.stringify(body) });
  return res.ok ? tokens(res.value) : { ok: false, failure: asRejection(res.failure) };
}

/** The first `callback_url` in `data` (FACTS gives the call, not the answer's shape). */
function findCallbackUrl(value: unknown, depth = 0): string | undefined {
  if (!value || typeof value !== 'object' || depth > 3) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.callback_url === 'string') return record.callback_url;
  for (const v of Object.values(record)) {
    const found = Array.isArray(v) ? v.map((x) => findCallbackUrl(x, depth + 1)).find(Boolean) : findCallbackUrl(v, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** FACTS 6.1: the app's DIRECT_MESSAGE callback URL, or null when none is registered. */
export async function tiktokWebhookCallback(client: OAuthClient, app: AppCredentials): Promise<Outcome<string | null>> {
  const url = new URL(`${base(client)}/business/webhook/list/`);
  url.search = new URLSearchParams({ app_id: app.appId, secret: app.appSecret, event_type: 'DIRECT_MESSAGE' }).toString();
  const res = await call(client, url.toString(), { method: 'GET' });
  return res.ok ? { ok: true, value: findCallbackUrl(res.value) ?? null } : res;
}

/** FACTS 6.1: one callback URL per developer app (not per business). */
export async function setTikTokWebhookCallback(client: OAuthClient, app: AppCredentials, callbackUrl: string): Promise<Outcome<true>> {
  const body = { app_id: app.appId, secret: app.appSecret, event_type: 'DIRECT_MESSAGE', callback_url: callbackUrl };
  const res = await call(client, `${base(client)}/business/webhook/update/`, { method: 'POST', body: JSON.stringify(body) });
  return res.ok ? { ok: true, value: true } : res;
}

const Business = z.looseObject({ username: z.string().optional(), display_name: z.string().optional() });

/** FACTS 6.6: the business's name for the channel list (best effort). */
export async function tiktokBusinessName(client: OAuthClient, accessToken: string, businessId: string): Promise<string | undefined> {
  const url = new URL(`${base(client)}/business/get/`);
  url.search = new URLSearchParams({ business_id: businessId, fields: JSON.stringify(['username', 'display_name', 'profile_image']) }).toString();
  const res = await call(client, url.toString(), { method: 'GET', headers: { 'access-token': accessToken } });
  if (!res.ok) return undefined;
  const b = Business.safeParse(res.value);
  return b.success ? (b.data.display_name ?? (b.data.username ? `@${b.data.username}` : undefined)) : undefined;
}

/**
 * FACTS 6.6: `business/get/` with the token, as proof that the token may act for `businessId`
 * (TikTok answers 40001/40105 for a bad token and a permission error for another business's id).
 */
export async function fetchTikTokBusiness(client: OAuthClient, accessToken: string, businessId: string): Promise<Outcome<{ username?: string; displayName?: string }>> {
  const url = new URL(`${base(client)}/business/get/`);
  url.search = new URLSearchParams({ business_id: businessId, fields: JSON.stringify(['username', 'display_name']) }).toString();
  const res = await call(client, url.toString(), { method: 'GET', headers: { 'access-token': accessToken } });
  if (!res.ok) return res;
  const b = Business.safeParse(res.value ?? {});
  return { ok: true, value: b.success ? { ...(b.data.username && { username: b.data.username }), ...(b.data.display_name && { displayName: b.data.display_name }) } : {} };
}
