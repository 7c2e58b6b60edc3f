import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { profilePictureUrl } from '../cdn/urls.ts';
import { applyFault, attribute, rawPathAfter } from '../server.ts';
import type { MultipartBody } from '../server.ts';
import type { SimAccount } from '../types.ts';
import { envelope, okEnvelope, tiktokErrors, tiktokFault } from './envelope.ts';
import { contentList, conversationList } from './history.ts';
import { downloadTikTokMedia, uploadTikTokMedia } from './media.ts';
import { sendTikTok } from './send.ts';
import { businessHandle } from './webhook-payloads.ts';

/**
 * business-api.tiktok.com under `/tiktok` (FACTS 6.3–6.7). Paths end with `/` (without it: 404,
 * as live). Auth is the `Access-Token` header (not Bearer); the business_id named in the call
 * must be the token's. OAuth (`tt_user/oauth2/…`) and the consent page at `/tiktok-auth` come with
 * the OAuth work (issue 7).
 */

const PREFIX = '/open_api/v1.3/';
type Handler = (ctx: SimContext, reply: FastifyReply, account: SimAccount, params: Record<string, unknown>, req: FastifyRequest) => FastifyReply;

const ROUTES: Record<string, { method: 'GET' | 'POST'; handler: Handler }> = {
  'business/message/send/': { method: 'POST', handler: (ctx, reply, account, params) => sendTikTok(ctx, reply, account, params) },
  'business/message/media/upload/': { method: 'POST', handler: (ctx, reply, account, _p, req) => uploadTikTokMedia(ctx, reply, account, req.simBody) },
  'business/message/media/download/': { method: 'POST', handler: (ctx, reply, account, params) => downloadTikTokMedia(ctx, reply, account, params) },
  'business/message/conversation/list/': { method: 'GET', handler: conversationList },
  'business/message/content/list/': { method: 'GET', handler: contentList },
  'business/message/capabilities/get/': { method: 'GET', handler: (_ctx, reply) => okEnvelope(reply, { capability_infos: [{ capability_type: 'IMAGE_SEND', capability_result: true }] }) },
  'business/get/': {
    method: 'GET',
    handler: (ctx, reply, account) =>
      okEnvelope(reply, {
        username: businessHandle(account),
        display_name: account.displayName ?? 'Simulated Business',
        profile_image: profilePictureUrl(ctx, 'tiktok', account.accountId),
        followers_count: 1250,
      }),
  },
};

export function registerTikTokRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.route({ method: ['GET', 'POST'], url: '/tiktok/*', handler: (req, reply) => dispatch(ctx, req, reply) });
}

async function dispatch(ctx: SimContext, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  attribute(req, 'tiktok');
  const path = rawPathAfter(req, '/tiktok');
  const route = path.startsWith(PREFIX) ? ROUTES[path.slice(PREFIX.length)] : undefined;
  if (!route || route.method !== req.method)
    return reply
      .code(404)
      .type('application/json')
      .send({ code: 40400, message: `Not Found: ${req.method} ${path}`, request_id: '', data: {} });

  const params = paramsOf(req);
  const token = typeof req.headers['access-token'] === 'string' ? req.headers['access-token'] : undefined;
  const businessId = typeof params.business_id === 'string' ? params.business_id : undefined;
  const account = ctx.accounts.find('tiktok', businessId ?? '') ?? (token ? ctx.accounts.byToken(token, ['tiktok'])[0] : undefined);
  if (account) {
    const isSend = path.endsWith('message/send/');
    const faulted = await applyFault(ctx, req, reply, 'tiktok', isSend, (kind) => {
      const e = tiktokFault(kind, account.accountId);
      return envelope(reply, e.code, e.message);
    });
    if (faulted === 'handled') return reply;
  }
  if (!token) return envelope(reply, tiktokErrors.emptyToken.code, tiktokErrors.emptyToken.message);
  const owner = ctx.accounts.byToken(token, ['tiktok'])[0];
  if (!owner) return envelope(reply, tiktokErrors.badToken.code, tiktokErrors.badToken.message);
  if (!businessId) return envelope(reply, 40002, 'business_id: Missing data for required field.');
  if (owner.accountId !== businessId) {
    const e = tiktokErrors.noPermission(businessId);
    return envelope(reply, e.code, e.message);
  }
  return route.handler(ctx, reply, owner, params, req);
}

function paramsOf(req: FastifyRequest): Record<string, unknown> {
  const body = req.simBody;
  if (body && typeof body === 'object' && 'files' in body && 'fields' in body) return { ...(req.query as object), ...(body as MultipartBody).fields };
  if (body && typeof body === 'object' && !Array.isArray(body)) return { ...(req.query as object), ...(body as object) };
  return { ...(req.query as object) };
}
