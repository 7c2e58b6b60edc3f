import crypto from 'node:crypto';
import { tokenIssuedAt } from './oauth-state.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { mergedParams } from '../meta/graph/call.ts';
import { appSecretProofError } from '../meta/graph/app-secret-proof.ts';
import { graphErrors, sendGraphError } from '../meta/graph/errors.ts';
import { attribute } from '../server.ts';
import { consentPage, dialogError, isHttpUrl, withParams } from '../oauth/consent-page.ts';
import { randomToken, type OAuthStore } from '../oauth/store.ts';

/**
 * Instagram Login (FACTS 3.6 path B): the consent page of www.instagram.com at
 * `/instagram-auth/oauth/authorize`, the code exchange of api.instagram.com at
 * `/instagram-api/oauth/access_token`, and graph.instagram.com's `/access_token`
 * (`ig_exchange_token`) and `/refresh_access_token` (`ig_refresh_token`, only for tokens ≥ 24 h
 * old). The long-lived token is the account's own token; a refresh replaces it, so the old one
 * stops working at once (live, it would last until its own expiry).
 */

const SHORT_TTL_MS = 3600_000; // "~1 h" (FACTS 3.6)
const LONG_TTL_S = 5_184_000; // 60 days
const MIN_REFRESH_AGE_MS = 24 * 3600_000;

export function registerInstagramOAuth(app: FastifyInstance, ctx: SimContext, store: OAuthStore): void {
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

  app.get('/instagram-auth/oauth/authorize', async (req, reply) => {
    attribute(req, 'instagram');
    const q = req.query as Record<string, unknown>;
    const clientId = str(q.client_id);
    if (!clientId) return dialogError(reply, 'Invalid request: the client_id parameter is missing.');
    if (!isHttpUrl(q.redirect_uri)) return dialogError(reply, 'Invalid redirect_uri.');
    const id = crypto.randomBytes(12).toString('hex');
    const scope = str(q.scope) ?? '';
    store.requests.set(id, { id, product: 'instagram', clientId, redirectUri: q.redirect_uri, state: str(q.state) ?? '', scope, createdAt: ctx.now() });
    const options = ctx.accounts
      .all()
      .filter((a) => a.platform === 'instagram')
      .map((a) => ({ label: `Continue as @${a.username ?? a.accountId}`, href: `/instagram-auth/oauth/authorize/allow?request=${id}&target=${encodeURIComponent(a.accountId)}`, target: a.accountId }));
    return consentPage(reply, { platform: 'Instagram', appName: 'snorq', scopes: scope.split(',').filter(Boolean), options, cancelHref: `/instagram-auth/oauth/authorize/deny?request=${id}` });
  });

  app.get('/instagram-auth/oauth/authorize/allow', async (req, reply) => {
    attribute(req, 'instagram');
    const q = req.query as Record<string, unknown>;
    const request = store.requests.get(str(q.request) ?? '');
    const target = str(q.target);
    if (!request || !target || !ctx.accounts.find('instagram', target)) return dialogError(reply, 'This authorisation request has expired.');
    store.requests.delete(request.id);
    const code = store.mintCode({ product: 'instagram', clientId: request.clientId, redirectUri: request.redirectUri, scope: request.scope, target }, ctx.now());
    return reply.redirect(withParams(request.redirectUri, { code, state: request.state }), 302);
  });

  app.get('/instagram-auth/oauth/authorize/deny', async (req, reply) => {
    attribute(req, 'instagram');
    const request = store.requests.get(str((req.query as Record<string, unknown>).request) ?? '');
    if (!request) return dialogError(reply, 'This authorisation request has expired.');
    store.requests.delete(request.id);
    // Business Login's cancelled-authorisation redirect (Chatwoot's callbacks controller reads these).
    return reply.redirect(withParams(request.redirectUri, { error: 'access_denied', error_reason: 'user_denied', error_description: 'The user denied your request.', state: request.state }), 302);
  });

  app.post('/instagram-api/oauth/access_token', async (req, reply) => codeExchange(ctx, store, req, reply));
  app.get('/instagram/access_token', async (req, reply) => exchangeLongLived(ctx, store, req, reply));
  app.get('/instagram/refresh_access_token', async (req, reply) => refresh(ctx, store, req, reply));
}

const igError = (reply: FastifyReply, message: string): FastifyReply => reply.code(400).type('application/json').send({ error_type: 'OAuthException', code: 400, error_message: message });

function codeExchange(ctx: SimContext, store: OAuthStore, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  attribute(req, 'instagram');
  const p = mergedParams(req);
  if (p.client_secret !== ctx.secret('instagram')) return igError(reply, 'Error validating client secret.');
  if (p.grant_type !== 'authorization_code') return igError(reply, 'Unsupported grant_type.');
  const spent = typeof p.code === 'string' && typeof p.client_id === 'string' ? store.spendCode(p.code, p.client_id, typeof p.redirect_uri === 'string' ? p.redirect_uri : '', ctx.now()) : 'invalid';
  if (spent === 'used') return igError(reply, 'This authorization code has been used');
  if (spent === 'redirect_mismatch') return igError(reply, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request');
  if (spent === 'invalid' || spent.product !== 'instagram' || !spent.target) return igError(reply, 'Invalid authorization code');
  const token = randomToken('IGAAshort', 32);
  store.userTokens.set(token, { product: 'instagram', kind: 'short', accountId: spent.target, scopes: spent.scope.split(','), issuedAt: ctx.now(), expiresAt: ctx.now() + SHORT_TTL_MS });
  // `user_id` is a number live, one that can exceed 2^53; a string here (snorq reads it from /me).
  return reply.send({ access_token: token, user_id: spent.target, permissions: spent.scope });
}

function exchangeLongLived(ctx: SimContext, store: OAuthStore, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  attribute(req, 'instagram');
  const p = mergedParams(req);
  if (p.grant_type !== 'ig_exchange_token') return sendGraphError(reply, graphErrors.param('Unsupported grant_type'));
  if (p.client_secret !== ctx.secret('instagram')) return sendGraphError(reply, { code: 1, message: 'Error validating client secret.' });
  const short = typeof p.access_token === 'string' ? store.userTokens.get(p.access_token) : undefined;
  const account = short?.accountId ? ctx.accounts.find('instagram', short.accountId) : undefined;
  if (!short || short.kind !== 'short' || !account || (short.expiresAt !== null && short.expiresAt < ctx.now())) return sendGraphError(reply, graphErrors.badToken(false));
  tokenIssuedAt(ctx).set(account.accessToken, ctx.now());
  return reply.send({ access_token: account.accessToken, token_type: 'bearer', expires_in: LONG_TTL_S });
}

function refresh(ctx: SimContext, store: OAuthStore, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  attribute(req, 'instagram');
  const p = mergedParams(req);
  if (p.grant_type !== 'ig_refresh_token') return sendGraphError(reply, graphErrors.param('Unsupported grant_type'));
  const token = typeof p.access_token === 'string' ? p.access_token : '';
  const account = ctx.accounts.byToken(token, ['instagram'])[0];
  if (!account) return sendGraphError(reply, graphErrors.badToken(false));
  const proofError = appSecretProofError(ctx, 'instagram', token, p);
  if (proofError) return sendGraphError(reply, proofError);
  // Tokens the simulator started with count as old enough; the rule applies to tokens it issued.
  const issued = tokenIssuedAt(ctx).get(token);
  if (issued !== undefined && ctx.now() - issued < MIN_REFRESH_AGE_MS) {
    return sendGraphError(reply, { code: 10, message: '(#10) The access token must be at least 24 hours old to be refreshed.' });
  }
  const next = randomToken('IGAA', 40);
  account.accessToken = next;
  tokenIssuedAt(ctx).delete(token);
  tokenIssuedAt(ctx).set(next, ctx.now());
  return reply.send({ access_token: next, token_type: 'bearer', expires_in: LONG_TTL_S });
}
