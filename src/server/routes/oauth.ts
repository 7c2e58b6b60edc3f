import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authenticateToken, type Principal } from '../../core/accounts/auth-tokens.ts';
import { AppError } from '../../core/errors/app-error.ts';
import { resolveSecretKey } from '../../core/crypto/secret-key.ts';
import { authorizeUrl } from '../../core/oauth/authorize-url.ts';
import { completeFacebookLogin, connectChosenPages } from '../../core/oauth/connect-facebook-pages.ts';
import { completeInstagramLogin } from '../../core/oauth/connect-instagram-login.ts';
import { completeTikTokAuth } from '../../core/oauth/connect-tiktok.ts';
import { connectTwilio, TwilioForm } from '../../core/oauth/connect-twilio.ts';
import { completeWhatsAppSignup } from '../../core/oauth/connect-whatsapp.ts';
import { connectPlatform, instagramVia, missingConfiguration, type ConnectPlatform } from '../../core/oauth/oauth-config.ts';
import { acceptState, createOAuthStateSigner, STATE_REFUSALS, type StateClaims } from '../../core/oauth/oauth-state.ts';
import { peekPending } from '../../core/oauth/pending-connections.ts';
import type { ConnectResult } from '../../core/oauth/save-connection.ts';
import { tokenOf, tokenPolicy } from '../plugins/authenticate.ts';
import { messagePage, PAGE_CSP, pickerPage, twilioFormPage } from './oauth-pages.ts';
import { prefixWithin } from '../../text/cut-text.ts';

/**
 * `/api/v1/platforms`: connecting accounts (DESIGN.md contract). `GET connect/:platform` sends an
 * admin to the platform's consent page with a signed, session-bound, single-use `state`
 * (src/core/oauth/oauth-state.ts); `GET callback/:platform` completes the flow and redirects to
 * Settings → Channels with `?connected=` or `?error=`. Facebook Logins continue on a Page picker
 * (`choose/:id`); Twilio, which has no OAuth, is a form posted to `connect/twilio`.
 *
 * These are browser navigations, so the routes authenticate by the session cookie themselves and
 * answer with HTML pages rather than JSON errors. A refused state creates nothing.
 */

const Query = z.object({
  code: z.string().max(2000).optional(),
  auth_code: z.string().max(2000).optional(),
  state: z.string().max(1000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(500).optional(),
  error_reason: z.string().max(200).optional(),
});

type Fields = Record<string, string | string[]>;
const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export async function oauthRoutes(app: FastifyInstance): Promise<void> {
  const signer = createOAuthStateSigner(await resolveSecretKey(app.ctx.config));
  const deps = app.ctx;

  // HTML forms post urlencoded bodies; only these routes read them (the webhooks plugin keeps its own raw parser).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
    const fields: Fields = {};
    for (const [k, v] of new URLSearchParams(String(body))) {
      const prev = fields[k];
      fields[k] = prev === undefined ? v : [...all(prev), v];
    }
    done(null, fields);
  });

  const principalOf = async (req: FastifyRequest): Promise<Principal | null> => {
    const token = tokenOf(req);
    return token ? authenticateToken(deps.db, token, tokenPolicy(deps.config)) : null;
  };
  // Referrer only to snorq itself: with no-referrer, browsers send `Origin: null` on the page's
  // form posts, and those must show snorq's origin (require-same-origin.ts).
  const page = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).header('content-security-policy', PAGE_CSP).header('cache-control', 'no-store').header('referrer-policy', 'same-origin').header('x-content-type-options', 'nosniff').type('text/html; charset=utf-8').send(html);
  const toChannels = (reply: FastifyReply, params: Record<string, string>) => reply.redirect(`/settings/channels?${new URLSearchParams(params).toString()}`, 303);

  /** Who may connect accounts: a signed-in admin; anyone else gets a page saying so. */
  const requireAdminPage = async (req: FastifyRequest, reply: FastifyReply): Promise<Principal | null> => {
    const principal = await principalOf(req);
    if (!principal) {
      page(reply, 401, messagePage('Sign in first', 'Sign in to snorq as an admin, then connect the account from Settings → Channels.'));
      return null;
    }
    if (principal.role !== 'admin') {
      page(reply, 403, messagePage('Admins only', 'Only an admin of this organisation can connect accounts.'));
      return null;
    }
    return principal;
  };

  const finish = (reply: FastifyReply, result: ConnectResult) => {
    if (result.kind === 'choose') return reply.redirect(`/api/v1/platforms/choose/${result.pendingId}`, 303);
    if (result.kind === 'failed') {
      app.log.info({ platform: result.platform }, 'connecting an account failed');
      return toChannels(reply, { error: prefixWithin(result.message, 300), platform: result.platform });
    }
    app.log.info({ platform: result.platform, channelIds: result.channels.map((c) => c.id) }, 'accounts connected');
    return toChannels(reply, { connected: result.platform, ...(result.warnings.length > 0 && { warning: prefixWithin(result.warnings.join('; '), 300) }) });
  };

  app.get<{ Params: { platform: string }; Querystring: { via?: string } }>('/connect/:platform', { schema: { tags: ['channels'], summary: 'Start connecting an account (admin session): redirects to the platform’s consent page' } }, async (req, reply) => {
    const platform = connectPlatform(req.params.platform);
    if (!platform) return page(reply, 404, messagePage('Unknown platform', `snorq cannot connect “${req.params.platform}”.`));
    const principal = await requireAdminPage(req, reply);
    if (!principal) return reply;
    const via = platform === 'instagram' ? instagramVia(deps.config, req.query.via) : undefined;
    const state = signer.issue({ platform, ...(via && { via }), organizationId: principal.organizationId, tokenId: principal.tokenId });
    if (platform === 'twilio') return page(reply, 200, twilioFormPage(state));
    const missing = missingConfiguration(deps.config, platform, via);
    const url = missing ? null : authorizeUrl(deps.config, platform, state, via);
    if (!url) return toChannels(reply, { error: missing ?? 'This platform cannot be connected here.', platform });
    return reply.redirect(url, 302);
  });

  app.get<{ Params: { platform: string } }>('/callback/:platform', { schema: { tags: ['channels'], summary: 'Where the platform sends the admin back: completes the connection' } }, async (req, reply) => {
    const platform = connectPlatform(req.params.platform);
    const query = Query.safeParse(req.query);
    if (!platform || platform === 'twilio' || !query.success) return page(reply, 400, messagePage('Connection refused', 'This is not a link snorq can complete.'));
    const principal = await principalOf(req);
    const accepted = await acceptState(deps.db, signer, query.data.state, platform, principal);
    if (!accepted.ok) {
      app.log.warn({ platform, reason: accepted.reason }, 'OAuth callback refused');
      return page(reply, 400, messagePage('Connection refused', STATE_REFUSALS[accepted.reason]));
    }
    const q = query.data;
    if (q.error) return toChannels(reply, { error: prefixWithin(`The platform did not authorise snorq: ${q.error_description ?? q.error_reason ?? q.error}`, 300), platform });
    const code = q.code ?? q.auth_code;
    if (!code) return toChannels(reply, { error: 'The platform sent no authorisation code.', platform });
    // acceptState has checked that this is the admin who started the flow.
    return finish(reply, await complete(platform, accepted.claims, principal!, code));
  });

  const complete = (platform: Exclude<ConnectPlatform, 'twilio'>, claims: StateClaims, principal: Principal, code: string): Promise<ConnectResult> => {
    switch (platform) {
      case 'messenger':
        return completeFacebookLogin(deps, principal, 'messenger', code);
      case 'instagram':
        return claims.v === 'instagram' ? completeInstagramLogin(deps, principal, code) : completeFacebookLogin(deps, principal, 'instagram', code);
      case 'whatsapp':
        return completeWhatsAppSignup(deps, principal, code);
      case 'tiktok':
        return completeTikTokAuth(deps, principal, code);
    }
  };

  app.get<{ Params: { id: string } }>('/choose/:id', { schema: { hide: true } }, async (req, reply) => {
    const principal = await requireAdminPage(req, reply);
    if (!principal) return reply;
    const pending = await peekPending(deps.db, deps.secretBox, req.params.id, principal);
    if (!pending) return page(reply, 410, messagePage('Nothing to choose', 'This choice has expired (after 15 minutes), was already made, or belongs to another session. Start again from Settings → Channels.'));
    return page(reply, 200, pickerPage(req.params.id, pending));
  });

  app.post<{ Params: { id: string }; Body: Fields | undefined }>('/choose/:id', { schema: { hide: true } }, async (req, reply) => {
    const principal = await requireAdminPage(req, reply);
    if (!principal) return reply;
    const chosen = all(req.body?.account);
    const result = await connectChosenPages(deps, principal, req.params.id, chosen);
    if (!result) return page(reply, 410, messagePage('Nothing to choose', 'This choice has expired, was already made, or belongs to another session. Start again from Settings → Channels.'));
    return finish(reply, result);
  });

  app.post<{ Body: Fields | Record<string, unknown> | undefined }>('/connect/twilio', { schema: { tags: ['channels'], summary: 'Connect a Twilio WhatsApp sender by Account SID and Auth Token (checked with Twilio)' } }, async (req, reply) => {
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const principal = isForm ? await requireAdminPage(req, reply) : await principalOf(req);
    if (isForm && !principal) return reply;
    if (!principal) throw new AppError('UNAUTHENTICATED', 'sign in first: send a session cookie or an Authorization: Bearer token');
    if (principal.role !== 'admin') throw new AppError('FORBIDDEN', 'only an admin may do this');
    if (isForm) {
      // A form post is a browser navigation: it must carry the state the form was rendered with.
      const accepted = await acceptState(deps.db, signer, first(body.state as Fields[string]), 'twilio', principal);
      if (!accepted.ok) return page(reply, 400, messagePage('Connection refused', STATE_REFUSALS[accepted.reason]));
    }
    const form = TwilioForm.safeParse(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' || Array.isArray(v) ? first(v as string | string[]) : v])));
    const result = form.success ? await connectTwilio(deps, principal, form.data) : ({ kind: 'failed', platform: 'twilio', message: 'Fill in the Account SID, the Auth Token and the sender number.' } as const);
    if (!isForm) {
      if (result.kind === 'connected') return reply.code(201).send({ channels: result.channels, warnings: result.warnings });
      throw new AppError('UNPROCESSABLE', result.kind === 'failed' ? result.message : 'not connected');
    }
    if (result.kind === 'failed') {
      const again = signer.issue({ platform: 'twilio', organizationId: principal.organizationId, tokenId: principal.tokenId });
      const values = form.success ? { accountSid: form.data.accountSid, sender: form.data.sender, ...(form.data.displayName && { displayName: form.data.displayName }) } : {};
      return page(reply, 400, twilioFormPage(again, values, result.message));
    }
    return finish(reply, result);
  });
}
