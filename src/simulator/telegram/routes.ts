import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { applyFault, attribute, rawPathAfter, type MultipartBody } from '../server.ts';
import type { AnsweringFault, SimAccount } from '../types.ts';
import { PLATFORM_ERRORS, refuse, refuseWith, REFUSALS } from './answers.ts';
import { deleteWebhook, getFile, getMe, getWebhookInfo, serveFile, setWebhook } from './bot-methods.ts';
import { answerCallbackQuery, sendMedia, sendMessage } from './send-methods.ts';
import { sendChatAction, setMessageReaction } from './chat-actions.ts';

/**
 * api.telegram.org under `/telegram` (https://core.telegram.org/bots/api#making-requests):
 * `GET|POST /bot<token>/<method>`, parameters in the query string, a JSON body, a form or
 * multipart (files), method names case-insensitive. A token that is not a token is 404 Not Found,
 * one Telegram does not know 401 Unauthorized; an unknown method 404. Files at
 * `/file/bot<token>/<file_path>`.
 */

export interface MethodCall {
  ctx: SimContext;
  reply: FastifyReply;
  bot: SimAccount;
  params: Record<string, unknown>;
  files: MultipartBody['files'];
}

type Method = (call: MethodCall) => FastifyReply | Promise<FastifyReply>;

const METHODS: Record<string, Method> = {
  getme: getMe,
  sendmessage: sendMessage,
  sendphoto: (call) => sendMedia(call, 'photo'),
  senddocument: (call) => sendMedia(call, 'document'),
  sendvoice: (call) => sendMedia(call, 'voice'),
  sendvideo: (call) => sendMedia(call, 'video'),
  sendaudio: (call) => sendMedia(call, 'audio'),
  getfile: getFile,
  setwebhook: setWebhook,
  deletewebhook: deleteWebhook,
  getwebhookinfo: getWebhookInfo,
  setmessagereaction: setMessageReaction,
  sendchataction: sendChatAction,
  answercallbackquery: answerCallbackQuery,
};

/** The largest multipart upload Telegram takes (50 MB). */
export const UPLOAD_REQUEST_LIMIT = 50 * 1_048_576;

const TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{1,100}$/;

export function registerTelegramRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.route({ method: ['GET', 'POST'], url: '/telegram/*', handler: (req, reply) => dispatch(ctx, req, reply) });
}

async function dispatch(ctx: SimContext, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  attribute(req, 'telegram');
  const path = rawPathAfter(req, '/telegram');
  const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
  if (file?.[1] && file[2]) return serveFile(ctx, reply, decodeURIComponent(file[1]), file[2]);
  const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
  const token = call?.[1] ? decodeURIComponent(call[1]) : undefined;
  if (!call?.[2] || !token || !TOKEN.test(token)) return refuseWith(reply, REFUSALS.notFound);
  const bot = ctx.accounts.byToken(token, ['telegram'])[0];
  if (!bot) return refuseWith(reply, REFUSALS.unauthorized);
  const method = METHODS[call[2].toLowerCase()];
  if (!method) return refuseWith(reply, REFUSALS.notFound);
  const faulted = await applyFault(ctx, req, reply, 'telegram', call[2].toLowerCase().startsWith('send'), (kind, retryAfter, code) => answerFault(reply, kind, retryAfter, code));
  if (faulted === 'handled') return reply;
  const { params, files } = paramsOf(req);
  // api.telegram.org's front server takes requests of up to 50 MB ("post files up to 50 MB").
  if (files.reduce((total, f) => total + f.bytes.length, 0) > UPLOAD_REQUEST_LIMIT) return refuseWith(reply, REFUSALS.requestTooLarge);
  return method({ ctx, reply, bot, params, files });
}

/** Each fault the way Telegram answers it; it has no reply window, so `window_closed` reads as a blocked bot. */
function answerFault(reply: FastifyReply, kind: AnsweringFault, retryAfter: number, code: string): FastifyReply {
  switch (kind) {
    case 'platform_error':
      return refuseWith(reply, PLATFORM_ERRORS[code as keyof typeof PLATFORM_ERRORS] ?? REFUSALS.blocked);
    case 'rate_limit':
      return refuse(reply, 429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    case 'server_error':
      return refuse(reply, 500, 'Internal Server Error');
    case 'token_expired':
      return refuseWith(reply, REFUSALS.unauthorized);
    case 'window_closed':
      return refuseWith(reply, REFUSALS.blocked);
  }
}

function paramsOf(req: FastifyRequest): { params: Record<string, unknown>; files: MultipartBody['files'] } {
  const query = { ...(req.query as Record<string, unknown>) };
  const body = req.simBody;
  if (body && typeof body === 'object' && 'files' in body && 'fields' in body) {
    const multipart = body as MultipartBody;
    return { params: { ...query, ...multipart.fields }, files: multipart.files };
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) return { params: { ...query, ...(body as object) }, files: [] };
  return { params: query, files: [] };
}
