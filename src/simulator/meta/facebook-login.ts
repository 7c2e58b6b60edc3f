import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { mergedParams } from './graph/call.ts';
import { appSecretProofError } from './graph/app-secret-proof.ts';
import { graphErrors, sendGraphError } from './graph/errors.ts';
import { FieldsSyntaxError, parseFields, pick, UnknownFieldError, type FieldNode } from './graph/fields.ts';
import { linkedInstagram } from '../instagram/linked-page.ts';
import { attribute } from '../server.ts';
import { wabaIdOf } from '../whatsapp/numbers.ts';
import { consentPage, dialogError, isHttpUrl, withParams } from '../oauth/consent-page.ts';
import { randomToken, type OAuthStore } from '../oauth/store.ts';

/**
 * Facebook Login (FACTS 2.6) and Embedded Signup (4.6) on the simulated Meta: the dialog at
 * `/facebook/{v}/dialog/oauth` (www.facebook.com), and on Graph `oauth/access_token` (code and
 * `fb_exchange_token`), `me/accounts` with the user token, and `debug_token` with the app token.
 * The simulated person manages every Messenger Page of the simulator and every WABA; Page tokens
 * are the accounts' own tokens (one token per account), so they work for sends at once.
 */

const SHORT_TTL_S = 6_000; // "about 1–2 h" (FACTS 2.6)
const LONG_TTL_S = 5_183_944; // FACTS 2.6
const WHATSAPP_SCOPE = /whatsapp_business_(management|messaging)/;

export function registerFacebookOAuth(app: FastifyInstance, ctx: SimContext, store: OAuthStore): void {
  const appSecrets = () => [ctx.secret('messenger'), ctx.secret('whatsapp')];
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

  app.get('/facebook/:version/dialog/oauth', async (req, reply) => {
    attribute(req, 'messenger');
    const q = req.query as Record<string, unknown>;
    if (str(q.client_id) !== ctx.options.metaAppId) return dialogError(reply, 'Invalid App ID: The provided app ID does not look like a valid app ID.');
    if (!isHttpUrl(q.redirect_uri)) return dialogError(reply, 'URL blocked: This redirect failed because the redirect URI is not whitelisted in the app’s Client OAuth Settings.');
    const scope = str(q.scope) ?? '';
    const product = q.config_id !== undefined || WHATSAPP_SCOPE.test(scope) ? 'whatsapp' : 'facebook';
    const id = crypto.randomBytes(12).toString('hex');
    store.requests.set(id, { id, product, clientId: ctx.options.metaAppId, redirectUri: q.redirect_uri, state: str(q.state) ?? '', scope, createdAt: ctx.now() });
    const base = `/facebook/${(req.params as { version: string }).version}/dialog/oauth`;
    const pages = ctx.accounts.all().filter((a) => a.platform === 'messenger');
    const options =
      product === 'facebook'
        ? [{ label: `Continue with ${pages.length} Page(s): ${pages.map((p) => p.displayName ?? p.accountId).join(', ')}`, href: `${base}/allow?request=${id}` }]
        : [
            ...new Set(
              ctx.accounts
                .all()
                .filter((a) => a.platform === 'whatsapp')
                .map(wabaIdOf),
            ),
          ].map((waba) => ({ label: `WhatsApp Business Account ${waba}`, href: `${base}/allow?request=${id}&target=${waba}`, target: waba }));
    return consentPage(reply, {
      platform: product === 'whatsapp' ? 'WhatsApp Embedded Signup' : 'Facebook',
      appName: 'snorq',
      scopes: scope ? scope.split(',') : ['Embedded Signup configuration'],
      options,
      cancelHref: `${base}/deny?request=${id}`,
    });
  });

  app.get('/facebook/:version/dialog/oauth/allow', async (req, reply) => {
    attribute(req, 'messenger');
    const q = req.query as Record<string, unknown>;
    const request = store.requests.get(str(q.request) ?? '');
    if (!request) return dialogError(reply, 'This authorisation request has expired.');
    store.requests.delete(request.id);
    const target = str(q.target);
    const code = store.mintCode({ product: request.product, clientId: request.clientId, redirectUri: request.redirectUri, scope: request.scope, ...(target && { target }) }, ctx.now());
    return reply.redirect(withParams(request.redirectUri, { code, state: request.state }), 302);
  });

  app.get('/facebook/:version/dialog/oauth/deny', async (req, reply) => {
    attribute(req, 'messenger');
    const request = store.requests.get(str((req.query as Record<string, unknown>).request) ?? '');
    if (!request) return dialogError(reply, 'This authorisation request has expired.');
    store.requests.delete(request.id);
    // Facebook Login's "user cancelled" redirect (manual flow).
    return reply.redirect(
      withParams(request.redirectUri, { error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied', state: request.state }),
      302,
    );
  });

  app.route({ method: ['GET', 'POST'], url: '/graph/:version/oauth/access_token', handler: (req, reply) => accessToken(ctx, store, req, reply, appSecrets()) });
  app.get('/graph/:version/me/accounts', async (req, reply) => meAccounts(ctx, store, req, reply));
  app.get('/graph/:version/debug_token', async (req, reply) => debugToken(ctx, store, req, reply, appSecrets()));
}

function accessToken(ctx: SimContext, store: OAuthStore, req: FastifyRequest, reply: FastifyReply, secrets: string[]): FastifyReply {
  attribute(req, 'messenger');
  const p = mergedParams(req);
  const now = ctx.now();
  if (p.client_id !== ctx.options.metaAppId) return sendGraphError(reply, { code: 101, message: 'Error validating application. Invalid application ID.' });
  if (typeof p.client_secret !== 'string' || !secrets.includes(p.client_secret)) return sendGraphError(reply, { code: 1, message: 'Error validating client secret.' });
  if (p.grant_type === 'fb_exchange_token') {
    const user = typeof p.fb_exchange_token === 'string' ? store.userTokens.get(p.fb_exchange_token) : undefined;
    if (!user || user.product !== 'facebook' || (user.expiresAt !== null && user.expiresAt < now)) return sendGraphError(reply, graphErrors.badToken(false));
    const token = randomToken('EAAL', 40);
    store.userTokens.set(token, { ...user, kind: 'long', issuedAt: now, expiresAt: now + LONG_TTL_S * 1000 });
    return reply.send({ access_token: token, token_type: 'bearer', expires_in: LONG_TTL_S });
  }
  const spent = typeof p.code === 'string' ? store.spendCode(p.code, ctx.options.metaAppId, typeof p.redirect_uri === 'string' ? p.redirect_uri : '', now) : 'invalid';
  if (spent === 'used') return sendGraphError(reply, { code: 100, subcode: 36009, message: 'This authorization code has been used.' });
  if (spent === 'redirect_mismatch')
    return sendGraphError(reply, {
      code: 100,
      subcode: 36008,
      message: 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
    });
  if (spent === 'invalid' || (spent.product !== 'facebook' && spent.product !== 'whatsapp')) return sendGraphError(reply, { code: 100, message: 'Invalid verification code format.' });
  if (spent.product === 'whatsapp') {
    // Embedded Signup: a business integration token that does not expire; the WABA's own token here.
    const owner = ctx.accounts.all().find((a) => a.platform === 'whatsapp' && wabaIdOf(a) === spent.target);
    if (!owner) return sendGraphError(reply, { code: 100, message: 'Invalid verification code format.' });
    store.userTokens.set(owner.accessToken, {
      product: 'whatsapp',
      kind: 'business',
      wabaIds: [spent.target!],
      scopes: spent.scope ? spent.scope.split(',') : ['whatsapp_business_management', 'whatsapp_business_messaging'],
      issuedAt: now,
      expiresAt: null,
    });
    return reply.send({ access_token: owner.accessToken, token_type: 'bearer' });
  }
  const token = randomToken('EAAL', 32);
  store.userTokens.set(token, { product: 'facebook', kind: 'short', scopes: spent.scope.split(',').filter(Boolean), issuedAt: now, expiresAt: now + SHORT_TTL_S * 1000 });
  return reply.send({ access_token: token, token_type: 'bearer', expires_in: SHORT_TTL_S });
}

const TASKS = ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'];

function meAccounts(ctx: SimContext, store: OAuthStore, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  attribute(req, 'messenger');
  const p = mergedParams(req);
  const token = typeof p.access_token === 'string' ? p.access_token : /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return sendGraphError(reply, graphErrors.noToken());
  const user = store.userTokens.get(token);
  if (!user || user.product !== 'facebook' || (user.expiresAt !== null && user.expiresAt < ctx.now())) return sendGraphError(reply, graphErrors.badToken(false));
  const proofError = appSecretProofError(ctx, 'facebook', token, p);
  if (proofError) return sendGraphError(reply, proofError);
  try {
    const fields = parseFields(typeof p.fields === 'string' ? p.fields : undefined) ?? ['access_token', 'category', 'name', 'id', 'tasks'].map((name) => ({ name }));
    const data = ctx.accounts
      .all()
      .filter((a) => a.platform === 'messenger')
      .map((page) => {
        const ig = linkedInstagram(ctx, page.accountId);
        const igNode = (f: FieldNode) => (ig ? pick(f.children ?? [{ name: 'id' }], { id: () => ig.accountId, username: () => ig.username ?? ig.accountId }, 'IGUser') : undefined);
        return pick(
          fields,
          {
            id: () => page.accountId,
            name: () => page.displayName ?? `Page ${page.accountId}`,
            access_token: () => page.accessToken,
            category: () => 'Shopping & retail',
            tasks: () => TASKS,
            instagram_business_account: igNode,
          },
          'Page',
        );
      });
    return reply.send({ data, paging: { cursors: { before: 'QVFIUmJ', after: 'QVFIUmF' } } });
  } catch (err) {
    if (err instanceof UnknownFieldError) return sendGraphError(reply, graphErrors.nonexistingField(err.field, err.nodeType));
    if (err instanceof FieldsSyntaxError) return sendGraphError(reply, { code: 2500, message: err.message });
    throw err;
  }
}

function debugToken(ctx: SimContext, store: OAuthStore, req: FastifyRequest, reply: FastifyReply, secrets: string[]): FastifyReply {
  attribute(req, 'messenger');
  const p = mergedParams(req);
  const [appId, secret] = typeof p.access_token === 'string' ? p.access_token.split('|') : [];
  if (appId !== ctx.options.metaAppId || !secret || !secrets.includes(secret)) return sendGraphError(reply, { code: 190, message: 'Invalid OAuth access token signature.' });
  const input = typeof p.input_token === 'string' ? p.input_token : '';
  const user = store.userTokens.get(input);
  const base = { app_id: ctx.options.metaAppId, application: 'snorq', data_access_expires_at: Math.floor(ctx.now() / 1000) + 90 * 86_400 };
  if (user) {
    const granular =
      user.product === 'whatsapp'
        ? [
            { scope: 'whatsapp_business_management', target_ids: user.wabaIds ?? [] },
            { scope: 'whatsapp_business_messaging', target_ids: user.wabaIds ?? [] },
          ]
        : [
            {
              scope: 'pages_show_list',
              target_ids: ctx.accounts
                .all()
                .filter((a) => a.platform === 'messenger')
                .map((a) => a.accountId),
            },
          ];
    const expiresAt = user.expiresAt === null ? 0 : Math.floor(user.expiresAt / 1000);
    return reply.send({
      data: {
        ...base,
        type: user.kind === 'business' ? 'SYSTEM_USER' : 'USER',
        is_valid: user.expiresAt === null || user.expiresAt > ctx.now(),
        expires_at: expiresAt,
        scopes: user.scopes,
        granular_scopes: granular,
        user_id: '10229876543210987',
      },
    });
  }
  const account = ctx.accounts.byToken(input, ['messenger', 'instagram', 'whatsapp'])[0];
  if (account) return reply.send({ data: { ...base, type: account.platform === 'messenger' ? 'PAGE' : 'USER', is_valid: true, expires_at: 0, scopes: [], profile_id: account.accountId } });
  return reply.send({ data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' }, scopes: [] } });
}
