import crypto from 'node:crypto';
import { tiktokOAuthState } from './oauth-state.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { attribute } from '../server.ts';
import { envelope, okEnvelope } from '../tiktok/envelope.ts';
import { consentPage, dialogError, isHttpUrl, withParams } from '../oauth/consent-page.ts';
import { randomToken, type OAuthStore } from '../oauth/store.ts';

/**
 * TikTok business authorisation (FACTS 6.6): the consent page at `/tiktok-auth/portal/auth`
 * (business-api.tiktok.com's `portal/auth?app_id=&state=&redirect_uri=`), `tt_user/oauth2/token/`
 * and `…/refresh_token/` (HTTP 200 with a `code`), the refresh token rotating on every use, and the
 * app-level webhook registration `business/webhook/list|update/` (FACTS 6.1). A new access token
 * replaces the business's token (one token per account). Error codes on these endpoints are not
 * documented anywhere found (FACTS 6.0): 40002 with a message is our reading.
 */

const ACCESS_TTL_S = 86_400;
const REFRESH_TTL_S = 31_536_000;
const PREFIX = '/tiktok/open_api/v1.3';

export function registerTikTokOAuth(app: FastifyInstance, ctx: SimContext, store: OAuthStore): void {
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

  app.get('/tiktok-auth/portal/auth', async (req, reply) => {
    attribute(req, 'tiktok');
    const q = req.query as Record<string, unknown>;
    const clientId = str(q.app_id) ?? str(q.client_key);
    if (!clientId) return dialogError(reply, 'app_id is required.');
    if (!isHttpUrl(q.redirect_uri)) return dialogError(reply, 'redirect_uri is invalid.');
    const id = crypto.randomBytes(12).toString('hex');
    const scope = str(q.scope) ?? 'message.list.read,message.list.send,message.list.manage';
    store.requests.set(id, { id, product: 'tiktok', clientId, redirectUri: q.redirect_uri, state: str(q.state) ?? '', scope, createdAt: ctx.now() });
    const options = ctx.accounts
      .all()
      .filter((a) => a.platform === 'tiktok')
      .map((a) => ({
        label: `Authorise ${a.displayName ?? a.username ?? a.accountId}`,
        href: `/tiktok-auth/portal/auth/allow?request=${id}&target=${encodeURIComponent(a.accountId)}`,
        target: a.accountId,
      }));
    return consentPage(reply, { platform: 'TikTok for Business', appName: 'snorq', scopes: scope.split(','), options, cancelHref: `/tiktok-auth/portal/auth/deny?request=${id}` });
  });

  app.get('/tiktok-auth/portal/auth/allow', async (req, reply) => {
    attribute(req, 'tiktok');
    const q = req.query as Record<string, unknown>;
    const request = store.requests.get(str(q.request) ?? '');
    const target = str(q.target);
    if (!request || !target || !ctx.accounts.find('tiktok', target)) return dialogError(reply, 'This authorisation request has expired.');
    store.requests.delete(request.id);
    const code = store.mintCode({ product: 'tiktok', clientId: request.clientId, redirectUri: request.redirectUri, scope: request.scope, target }, ctx.now(), '');
    return reply.redirect(withParams(request.redirectUri, { code, state: request.state }), 302);
  });

  app.get('/tiktok-auth/portal/auth/deny', async (req, reply) => {
    attribute(req, 'tiktok');
    const request = store.requests.get(str((req.query as Record<string, unknown>).request) ?? '');
    if (!request) return dialogError(reply, 'This authorisation request has expired.');
    store.requests.delete(request.id);
    return reply.redirect(withParams(request.redirectUri, { error: 'access_denied', error_description: 'The user cancelled the authorisation.', state: request.state }), 302);
  });

  app.post(`${PREFIX}/tt_user/oauth2/token/`, async (req, reply) => tokens(ctx, store, req, reply, 'authorization_code'));
  app.post(`${PREFIX}/tt_user/oauth2/refresh_token/`, async (req, reply) => tokens(ctx, store, req, reply, 'refresh_token'));

  app.get(`${PREFIX}/business/webhook/list/`, async (req, reply) => {
    attribute(req, 'tiktok');
    const q = req.query as Record<string, unknown>;
    if (!str(q.app_id) || q.secret !== ctx.secret('tiktok')) return envelope(reply, 40001, 'The app_id or secret is invalid.');
    const { callback } = tiktokOAuthState(ctx);
    const url = callback === undefined ? `${ctx.options.publicWebhookBaseUrl}${ctx.platform('tiktok').webhookPath}` : callback;
    return okEnvelope(reply, { app_id: q.app_id, event_type: 'DIRECT_MESSAGE', ...(url && { callback_url: url }) });
  });

  app.post(`${PREFIX}/business/webhook/update/`, async (req, reply) => {
    attribute(req, 'tiktok');
    const b = (req.simBody ?? {}) as Record<string, unknown>;
    if (!str(b.app_id) || b.secret !== ctx.secret('tiktok')) return envelope(reply, 40001, 'The app_id or secret is invalid.');
    if (b.event_type !== 'DIRECT_MESSAGE' || !isHttpUrl(b.callback_url)) return envelope(reply, 40002, 'event_type must be DIRECT_MESSAGE and callback_url a URL.');
    tiktokOAuthState(ctx).callback = b.callback_url;
    return okEnvelope(reply, { app_id: b.app_id, event_type: 'DIRECT_MESSAGE', callback_url: b.callback_url });
  });
}

function tokens(ctx: SimContext, store: OAuthStore, req: FastifyRequest, reply: FastifyReply, grant: 'authorization_code' | 'refresh_token'): FastifyReply {
  attribute(req, 'tiktok');
  const b = (req.simBody ?? {}) as Record<string, unknown>;
  const now = ctx.now();
  if (typeof b.client_id !== 'string' || b.client_secret !== ctx.secret('tiktok')) return envelope(reply, 40001, 'The client_id or client_secret is invalid.');
  if (b.grant_type !== grant) return envelope(reply, 40002, `grant_type must be ${grant}.`);
  let accountId: string;
  let scope = 'message.list.read,message.list.send,message.list.manage';
  if (grant === 'authorization_code') {
    const spent = typeof b.auth_code === 'string' ? store.spendCode(b.auth_code, b.client_id, typeof b.redirect_uri === 'string' ? b.redirect_uri : '', now) : 'invalid';
    if (spent === 'used') return envelope(reply, 40002, 'The auth_code has been used.');
    if (spent === 'redirect_mismatch') return envelope(reply, 40002, 'redirect_uri does not match the authorisation request.');
    if (spent === 'invalid' || spent.product !== 'tiktok' || !spent.target) return envelope(reply, 40002, 'The auth_code is invalid or expired.');
    accountId = spent.target;
    scope = spent.scope;
  } else {
    const grantFound = typeof b.refresh_token === 'string' ? tiktokOAuthState(ctx).refreshTokens.get(b.refresh_token) : undefined;
    if (!grantFound || grantFound.expiresAt < now) return envelope(reply, 40002, 'The refresh_token is invalid, expired or already used.');
    // FACTS 6.6: the refresh token rotates; the spent one is gone.
    tiktokOAuthState(ctx).refreshTokens.delete(b.refresh_token as string);
    accountId = grantFound.accountId;
  }
  const account = ctx.accounts.find('tiktok', accountId);
  if (!account) return envelope(reply, 40002, 'The business no longer exists.');
  account.accessToken = randomToken('act.', 32);
  const refresh = randomToken('rft.', 32);
  tiktokOAuthState(ctx).refreshTokens.set(refresh, { accountId, expiresAt: now + REFRESH_TTL_S * 1000 });
  return okEnvelope(reply, {
    open_id: accountId,
    scope,
    access_token: account.accessToken,
    expires_in: ACCESS_TTL_S,
    refresh_token: refresh,
    refresh_token_expires_in: REFRESH_TTL_S,
    token_type: 'Bearer',
  });
}
