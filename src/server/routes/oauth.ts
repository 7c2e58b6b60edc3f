import { CONNECT_RESPONSES, FORM_CONNECT_RESPONSES } from '../../contract/oauth.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ConnectResult } from '../../channels/channel-definition.ts';
import { channelOf, isPlatform } from '../../channels/registry.ts';
import { authenticateToken, type Principal } from '../../core/accounts/auth-tokens.ts';
import { AppError } from '../../core/errors/app-error.ts';
import { resolveSecretKey } from '../../core/crypto/secret-key.ts';
import { authorizeUrl } from '../../core/connections/authorize-url.ts';
import { connectContext } from '../../core/connections/connect-context.ts';
import { connectPlatform, missingConfiguration } from '../../core/connections/oauth-config.ts';
import { acceptState, createOAuthStateSigner, STATE_REFUSALS, type OAuthStateSigner } from '../../core/connections/oauth-state.ts';
import { peekPending, takePending } from '../../core/connections/pending-connections.ts';
import type { AppContext } from '../context.ts';
import { tokenOf, tokenPolicy } from '../plugins/authenticate.ts';
import { connectFormPage, messagePage, PAGE_CSP, pickerPage } from './oauth-pages.ts';
import { prefixWithin } from '../../text/cut-text.ts';

/**
 * `/api/v1/platforms`: connecting accounts (DESIGN.md contract), as each platform's definition
 * says (`connect.oauth` or `connect.form`). `GET connect/:platform` sends an admin to the
 * platform's consent page with a signed, session-bound, single-use `state`
 * (src/core/connections/oauth-state.ts), or shows the platform's form; `GET callback/:platform`
 * completes an OAuth flow and redirects to Settings → Channels with `?connected=` or `?error=`.
 * Flows that let the admin pick accounts continue on a picker (`choose/:id`); a form is posted to
 * `connect/:platform` (as a browser form, or as JSON with a bearer token).
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
const first = (v: unknown): string | undefined => (Array.isArray(v) ? (typeof v[0] === 'string' ? v[0] : undefined) : typeof v === 'string' ? v : undefined);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The helpers every route of this file shares: who is asking, and the ways of answering a browser. */
interface Pages {
  deps: AppContext;
  signer: OAuthStateSigner;
  principalOf(req: FastifyRequest): Promise<Principal | null>;
  page(reply: FastifyReply, status: number, html: string): FastifyReply;
  toChannels(reply: FastifyReply, params: Record<string, string>): FastifyReply;
  /** A signed-in admin; anyone else gets a page saying so (and null). */
  requireAdminPage(req: FastifyRequest, reply: FastifyReply): Promise<Principal | null>;
  finish(reply: FastifyReply, result: ConnectResult): FastifyReply;
}

export async function oauthRoutes(app: FastifyInstance): Promise<void> {
  const pages = createPages(app, createOAuthStateSigner(await resolveSecretKey(app.ctx.config)));
  // HTML forms post urlencoded bodies; only these routes read them (the webhooks plugin keeps its own raw parser).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
    const fields: Fields = {};
    for (const [k, v] of new URLSearchParams(String(body))) {
      const prev = fields[k];
      fields[k] = prev === undefined ? v : [...all(prev), v];
    }
    done(null, fields);
  });
  startRoute(app, pages);
  callbackRoute(app, pages);
  chooseRoutes(app, pages);
  formRoute(app, pages);
}

function createPages(app: FastifyInstance, signer: OAuthStateSigner): Pages {
  const deps = app.ctx;
  const principalOf = async (req: FastifyRequest): Promise<Principal | null> => {
    const token = tokenOf(req);
    return token ? authenticateToken(deps.db, token, tokenPolicy(deps.config)) : null;
  };
  // Referrer only to snorq itself: with no-referrer, browsers send `Origin: null` on the page's
  // form posts, and those must show snorq's origin (require-same-origin.ts).
  const page = (reply: FastifyReply, status: number, html: string) =>
    reply
      .code(status)
      .header('content-security-policy', PAGE_CSP)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'same-origin')
      .header('x-content-type-options', 'nosniff')
      .type('text/html; charset=utf-8')
      .send(html);
  const toChannels = (reply: FastifyReply, params: Record<string, string>) => reply.redirect(`/settings/channels?${new URLSearchParams(params).toString()}`, 303);
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
  return { deps, signer, principalOf, page, toChannels, requireAdminPage, finish };
}

/** `GET connect/:platform`: the consent page, or the platform's form. */
function startRoute(app: FastifyInstance, p: Pages): void {
  app.get<{ Params: { platform: string }; Querystring: { via?: string } }>(
    '/connect/:platform',
    {
      schema: {
        tags: ['channels'],
        summary: 'Start connecting an account (admin session): redirects to the platform’s consent page, or shows its form',
        produces: ['text/html', 'application/json'],
        response: CONNECT_RESPONSES,
      },
    },
    async (req, reply) => {
      const platform = connectPlatform(req.params.platform);
      if (!platform) return p.page(reply, 404, messagePage('Unknown platform', `snorq cannot connect “${req.params.platform}”.`));
      const principal = await p.requireAdminPage(req, reply);
      if (!principal) return reply;
      const { oauth, form } = channelOf(platform).connect;
      const via = oauth?.via?.(p.deps.config, req.query.via);
      const state = p.signer.issue({ platform, ...(via && { via }), organizationId: principal.organizationId, tokenId: principal.tokenId });
      if (form) return p.page(reply, 200, connectFormPage(platform, form, state));
      const missing = missingConfiguration(p.deps.config, platform, via);
      const url = missing ? null : authorizeUrl(p.deps.config, platform, state, via);
      if (!url) return p.toChannels(reply, { error: missing ?? 'This platform cannot be connected here.', platform });
      return reply.redirect(url, 302);
    },
  );
}

/** `GET callback/:platform`: where the platform sends the admin back with a code. */
function callbackRoute(app: FastifyInstance, p: Pages): void {
  app.get<{ Params: { platform: string } }>(
    '/callback/:platform',
    { schema: { tags: ['channels'], summary: 'Where the platform sends the admin back: completes the connection', produces: ['text/html', 'application/json'], response: CONNECT_RESPONSES } },
    async (req, reply) => {
      const platform = connectPlatform(req.params.platform);
      const oauth = platform && channelOf(platform).connect.oauth;
      const query = Query.safeParse(req.query);
      if (!platform || !oauth || !query.success) return p.page(reply, 400, messagePage('Connection refused', 'This is not a link snorq can complete.'));
      const principal = await p.principalOf(req);
      const accepted = await acceptState(p.deps.db, p.signer, query.data.state, platform, principal);
      if (!accepted.ok) {
        app.log.warn({ platform, reason: accepted.reason }, 'OAuth callback refused');
        return p.page(reply, 400, messagePage('Connection refused', STATE_REFUSALS[accepted.reason]));
      }
      const q = query.data;
      if (q.error) return p.toChannels(reply, { error: prefixWithin(`The platform did not authorise snorq: ${q.error_description ?? q.error_reason ?? q.error}`, 300), platform });
      const code = q.code ?? q.auth_code;
      if (!code) return p.toChannels(reply, { error: 'The platform sent no authorisation code.', platform });
      // acceptState has checked that this is the admin who started the flow.
      return p.finish(reply, await oauth.complete(connectContext(p.deps, principal!, platform), code, accepted.claims.v));
    },
  );
}

/** `choose/:id`: the picker of accounts a flow kept (`ctx.choose`), and the admin's choice. */
function chooseRoutes(app: FastifyInstance, p: Pages): void {
  const gone = (reply: FastifyReply) =>
    p.page(reply, 410, messagePage('Nothing to choose', 'This choice has expired (after 15 minutes), was already made, or belongs to another session. Start again from Settings → Channels.'));
  app.get<{ Params: { id: string } }>('/choose/:id', { schema: { hide: true } }, async (req, reply) => {
    const principal = await p.requireAdminPage(req, reply);
    if (!principal) return reply;
    const pending = await peekPending(p.deps.db, p.deps.secretBox, req.params.id, principal);
    return pending ? p.page(reply, 200, pickerPage(req.params.id, pending)) : gone(reply);
  });
  app.post<{ Params: { id: string }; Body: Fields | undefined }>('/choose/:id', { schema: { hide: true } }, async (req, reply) => {
    const principal = await p.requireAdminPage(req, reply);
    if (!principal) return reply;
    const pending = await takePending(p.deps.db, p.deps.secretBox, req.params.id, principal);
    const platform = pending && isPlatform(pending.platform) ? pending.platform : undefined;
    const chosen = platform && channelOf(platform).connect.oauth?.chosen;
    if (!pending || !platform || !chosen) return gone(reply);
    return p.finish(reply, await chosen(connectContext(p.deps, principal, platform), pending, all(req.body?.account)));
  });
}

/** `POST connect/:platform`: a platform's form, posted by the browser (with its state) or as JSON (with a bearer token). */
function formRoute(app: FastifyInstance, p: Pages): void {
  app.post<{ Params: { platform: string }; Body: Fields | Record<string, unknown> | undefined }>(
    '/connect/:platform',
    {
      schema: {
        tags: ['channels'],
        summary: 'Connect an account by the fields of its platform’s form (e.g. an account id and a token), checked with the platform',
        response: FORM_CONNECT_RESPONSES,
      },
    },
    async (req, reply) => {
      const platform = connectPlatform(req.params.platform);
      const form = platform && channelOf(platform).connect.form;
      if (!platform || !form) throw new AppError('NOT_FOUND', `snorq connects no platform “${req.params.platform}” by a form`);
      const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const principal = isForm ? await p.requireAdminPage(req, reply) : await p.principalOf(req);
      if (isForm && !principal) return reply;
      if (!principal) throw new AppError('UNAUTHENTICATED', 'sign in first: send a session cookie or an Authorization: Bearer token');
      if (principal.role !== 'admin') throw new AppError('FORBIDDEN', 'only an admin may do this', { reason: 'ADMIN_ONLY' });
      if (isForm) {
        // A form post is a browser navigation: it must carry the state the form was rendered with.
        const accepted = await acceptState(p.deps.db, p.signer, first(body.state), platform, principal);
        if (!accepted.ok) return p.page(reply, 400, messagePage('Connection refused', STATE_REFUSALS[accepted.reason]));
      }
      const values = Object.fromEntries(form.fields.map((f) => [f.name, first(body[f.name])?.trim()]));
      const result = await form.submit(connectContext(p.deps, principal, platform), values);
      if (!isForm) {
        if (result.kind === 'connected') return reply.code(201).send({ channels: result.channels, warnings: result.warnings });
        throw new AppError('UNPROCESSABLE', result.kind === 'failed' ? result.message : 'not connected');
      }
      if (result.kind !== 'failed') return p.finish(reply, result);
      const again = p.signer.issue({ platform, organizationId: principal.organizationId, tokenId: principal.tokenId });
      return p.page(reply, 400, connectFormPage(platform, form, again, values, result.message));
    },
  );
}
