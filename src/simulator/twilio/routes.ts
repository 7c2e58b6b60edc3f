import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { twilioCdnUrl } from './cdn.ts';
import { applyFault, attribute, rawPathAfter } from '../server.ts';
import type { AnsweringFault, SimAccount } from '../types.ts';
import { rfc2822, messageResource } from './resource.ts';
import { sendTwilioError, twilioErrors, twilioFault } from './errors.ts';
import { listMessages } from './history.ts';
import { createMessage } from './send.ts';
import { contentPage } from './content-templates.ts';
import { createContent } from './created-content.ts';

/**
 * api.twilio.com under `/twilio` (FACTS 5.5, 5.7, 5.8): Messages create/list/fetch, Media behind
 * Basic auth (a 302 to a signed CDN URL; follow it without the credentials), and the typing
 * indicator of messaging.twilio.com (`/twilio/v2/Indicators/Typing.json`). Auth is HTTP Basic
 * `AccountSid:AuthToken` for the account in the path.
 */
export function registerTwilioRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.route({ method: ['GET', 'POST', 'DELETE'], url: '/twilio/*', handler: (req, reply) => dispatch(ctx, req, reply) });
}

const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/(.+)$/;

async function dispatch(ctx: SimContext, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  attribute(req, 'twilio');
  const path = rawPathAfter(req, '/twilio');
  const basic = parseBasic(req.headers.authorization);
  const match = ACCOUNT_PATH.exec(path);
  const sid = match?.[1] ?? basic?.user;
  const rest = match?.[2];
  const account = sid ? ctx.accounts.find('twilio', sid) : undefined;
  const isSend = req.method === 'POST' && rest === 'Messages.json';
  if (account) {
    const respond = (kind: AnsweringFault, retryAfter: number) => sendTwilioError(reply, twilioFault(kind as Exclude<typeof kind, 'window_closed' | 'platform_error'>, retryAfter));
    const faulted = await applyFault(ctx, req, reply, 'twilio', isSend, respond, true, true);
    if (faulted === 'handled') return reply;
    if (faulted === 'window_closed') return authorised(reply, basic, account, () => createMessage(ctx, reply, account, form(req), true));
    if (faulted) return authorised(reply, basic, account, () => createMessage(ctx, reply, account, form(req), false, Number(faulted.failLater)));
  }
  if (!basic) return sendTwilioError(reply, twilioErrors.noCredentials());
  if (!account || basic.user !== account.accountId || basic.password !== account.accessToken) return sendTwilioError(reply, twilioErrors.badCredentials());

  if (path === '/v2/Indicators/Typing.json' && req.method === 'POST') return typing(ctx, reply, account, form(req));
  // content.twilio.com (Content API templates, FACTS 5.5), served here too.
  const contentPath = path.split('?')[0];
  if (contentPath === '/v1/Content' && req.method === 'POST') return createContent(ctx, reply, account, form(req));
  if ((contentPath === '/v1/Content' || contentPath === '/v1/ContentAndApprovals') && req.method === 'GET')
    return json(reply, contentPage(account.accountId, contentPath, req.query as Record<string, unknown>));
  if (!rest) return sendTwilioError(reply, twilioErrors.notFound(path));
  if (rest === 'Messages.json') {
    if (req.method === 'POST') return createMessage(ctx, reply, account, form(req), false);
    if (req.method === 'GET') return listMessages(ctx, reply, account, req.query as Record<string, unknown>);
  }
  const parts = rest.split('/');
  const message = parts[0] === 'Messages' && parts[1] ? ctx.conversations.message(parts[1].replace(/\.json$/, '')) : undefined;
  if (!message || message.platform !== 'twilio' || message.accountId !== account.accountId) return sendTwilioError(reply, twilioErrors.notFound(path));
  if (parts.length === 2 && parts[1]?.endsWith('.json') && req.method === 'GET') return json(reply, messageResource(account.accountId, message));
  if (parts[2] === 'Media.json' && parts.length === 3) {
    const media = (message.attachments ?? []).flatMap((a) => (a.mediaId ? [ctx.media.byId(a.mediaId)] : [])).filter((m) => m !== undefined);
    return json(reply, {
      media_list: media.map((m) => mediaResource(account, message.id, m.id, m.mimeType, m.createdAt)),
      page: 0,
      page_size: 50,
      uri: `/2010-04-01/Accounts/${account.accountId}/Messages/${message.id}/Media.json`,
    });
  }
  if (parts[2] === 'Media' && parts[3]) {
    const mediaSid = parts[3].replace(/\.json$/, '');
    const media = ctx.media.byId(mediaSid);
    if (!media || media.messageSid !== message.id) return sendTwilioError(reply, twilioErrors.notFound(path));
    if (parts[3].endsWith('.json')) {
      if (req.method === 'DELETE') {
        ctx.media.delete(media.id);
        return reply.code(204).send();
      }
      return json(reply, mediaResource(account, message.id, media.id, media.mimeType, media.createdAt));
    }
    // The media URL itself: a redirect to a short-lived CDN URL (FACTS 5.7).
    return reply.code(302).header('location', twilioCdnUrl(ctx, media)).type('text/plain').send('');
  }
  return sendTwilioError(reply, twilioErrors.notFound(path));
}

function authorised(reply: FastifyReply, basic: { user: string; password: string } | undefined, account: SimAccount, then: () => FastifyReply): FastifyReply {
  if (!basic) return sendTwilioError(reply, twilioErrors.noCredentials());
  if (basic.user !== account.accountId || basic.password !== account.accessToken) return sendTwilioError(reply, twilioErrors.badCredentials());
  return then();
}

function typing(ctx: SimContext, reply: FastifyReply, account: SimAccount, params: Record<string, unknown>): FastifyReply {
  const messageId = typeof params.messageId === 'string' ? params.messageId : undefined;
  const message = messageId ? ctx.conversations.message(messageId) : undefined;
  if (!message || message.accountId !== account.accountId || message.direction !== 'inbound')
    return sendTwilioError(reply, twilioErrors.badRequest(20404, `Message ${messageId ?? ''} was not found.`));
  if (params.channel !== 'whatsapp') return sendTwilioError(reply, twilioErrors.badRequest(21211, 'channel must be whatsapp'));
  message.status = 'read';
  return json(reply, { success: true });
}

function mediaResource(account: SimAccount, messageSid: string, sid: string, contentType: string, createdAt: number): Record<string, unknown> {
  return {
    account_sid: account.accountId,
    content_type: contentType,
    date_created: rfc2822(createdAt),
    date_updated: rfc2822(createdAt),
    parent_sid: messageSid,
    sid,
    uri: `/2010-04-01/Accounts/${account.accountId}/Messages/${messageSid}/Media/${sid}.json`,
  };
}

const json = (reply: FastifyReply, body: unknown): FastifyReply => reply.code(200).type('application/json; charset=utf-8').send(body);

const form = (req: FastifyRequest): Record<string, unknown> => (req.simBody && typeof req.simBody === 'object' ? (req.simBody as Record<string, unknown>) : {});

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const match = header ? /^Basic\s+(.+)$/i.exec(header.trim()) : null;
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
