import crypto from 'node:crypto';
import { senderWebhooks } from './oauth-state.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { attribute } from '../server.ts';
import { sendTwilioError, twilioErrors } from '../twilio/errors.ts';
import { rfc2822 } from '../twilio/resource.ts';
import type { SimAccount } from '../types.ts';
import type { OAuthStore } from '../oauth/store.ts';

/**
 * What connecting Twilio calls (FACTS 5.8): the Account resource `GET /2010-04-01/Accounts/{sid}.json`
 * (Basic auth) and messaging.twilio.com's Senders API (`/v2/Channels/Senders`, public beta; shapes
 * from the `twilio` package's ChannelsSender resource) with each sender's webhook. Every account's
 * WhatsApp sender is listed, the sandbox number too (live, the sandbox is configured in the Console).
 */

const senderSid = (account: SimAccount): string => `XE${crypto.createHash('sha256').update(account.accountId).digest('hex').slice(0, 32)}`;

function basicAccount(ctx: SimContext, req: FastifyRequest): SimAccount | 'none' | 'bad' {
  const match = /^Basic\s+(.+)$/i.exec(req.headers.authorization?.trim() ?? '');
  if (!match?.[1]) return 'none';
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const account = colon > 0 ? ctx.accounts.find('twilio', decoded.slice(0, colon)) : undefined;
  return account && account.accessToken === decoded.slice(colon + 1) ? account : 'bad';
}

export function registerTwilioOAuth(app: FastifyInstance, ctx: SimContext, store: OAuthStore): void {
  const authorised = (req: FastifyRequest, reply: FastifyReply): SimAccount | undefined => {
    attribute(req, 'twilio');
    const account = basicAccount(ctx, req);
    if (account === 'none') sendTwilioError(reply, twilioErrors.noCredentials());
    else if (account === 'bad') sendTwilioError(reply, twilioErrors.badCredentials());
    else return account;
    return undefined;
  };
  const webhookOf = (account: SimAccount) => senderWebhookOf(ctx, store, account.accountId)!;
  const senderResource = (account: SimAccount) => {
    const w = webhookOf(account);
    return {
      sid: senderSid(account),
      status: 'ONLINE',
      sender_id: account.sender,
      configuration: { waba_id: null, verification_method: 'sms', verification_code: null, voice_application_sid: null },
      webhook: { callback_url: w.callback_url, callback_method: 'POST', fallback_url: null, fallback_method: 'POST', status_callback_url: w.status_callback_url, status_callback_method: 'POST' },
      profile: { name: account.displayName ?? 'Simulated business' },
      properties: { quality_rating: 'HIGH', messaging_limit: '10K Customers/24hr' },
      offline_reasons: null,
      url: `https://messaging.twilio.com/v2/Channels/Senders/${senderSid(account)}`,
    };
  };

  app.get('/twilio/2010-04-01/Accounts/:file', async (req, reply) => {
    const file = (req.params as { file: string }).file;
    const account = authorised(req, reply);
    if (!account) return reply;
    if (file !== `${account.accountId}.json`) return sendTwilioError(reply, twilioErrors.notFound(`/2010-04-01/Accounts/${file}`));
    const created = rfc2822(ctx.now() - 400 * 86_400_000);
    return reply.send({
      sid: account.accountId,
      owner_account_sid: account.accountId,
      friendly_name: account.displayName ?? 'My first Twilio account',
      status: 'active',
      type: 'Full',
      date_created: created,
      date_updated: created,
      uri: `/2010-04-01/Accounts/${account.accountId}.json`,
      subresource_uris: { messages: `/2010-04-01/Accounts/${account.accountId}/Messages.json` },
    });
  });

  app.get('/twilio/v2/Channels/Senders', async (req, reply) => {
    const account = authorised(req, reply);
    if (!account) return reply;
    const channel = (req.query as Record<string, unknown>).Channel;
    if (channel !== 'whatsapp') return sendTwilioError(reply, twilioErrors.badRequest(20001, 'Missing or invalid Channel'));
    const url = 'https://messaging.twilio.com/v2/Channels/Senders?Channel=whatsapp&PageSize=50&Page=0';
    return reply.send({ senders: [senderResource(account)], meta: { page: 0, page_size: 50, first_page_url: url, previous_page_url: null, url, next_page_url: null, key: 'senders' } });
  });

  app.route({
    method: ['GET', 'POST'],
    url: '/twilio/v2/Channels/Senders/:sid',
    handler: async (req, reply) => {
      const account = authorised(req, reply);
      if (!account) return reply;
      if ((req.params as { sid: string }).sid !== senderSid(account)) return sendTwilioError(reply, twilioErrors.notFound(req.url.split('?')[0] ?? ''));
      if (req.method === 'POST') {
        const webhook = ((req.simBody ?? {}) as { webhook?: { callback_url?: unknown; status_callback_url?: unknown } }).webhook ?? {};
        const current = webhookOf(account);
        senderWebhooks(ctx).set(senderSid(account), {
          callback_url: typeof webhook.callback_url === 'string' ? webhook.callback_url : current.callback_url,
          status_callback_url: typeof webhook.status_callback_url === 'string' ? webhook.status_callback_url : current.status_callback_url,
        });
      }
      return reply.send(senderResource(account));
    },
  });
}

/** For tests: the sender's webhook as the simulated Twilio holds it. */
export function senderWebhookOf(ctx: SimContext, store: OAuthStore, accountSid: string): { callback_url: string | null; status_callback_url: string | null } | undefined {
  const account = ctx.accounts.find('twilio', accountSid);
  if (!account) return undefined;
  const ours = `${ctx.options.publicWebhookBaseUrl}${ctx.platform('twilio').webhookPath}`;
  return senderWebhooks(ctx).get(senderSid(account)) ?? { callback_url: ours, status_callback_url: ours };
}

/** For tests: make the sender's webhook point elsewhere (a lost configuration). */
export function setSenderWebhookOf(ctx: SimContext, store: OAuthStore, accountSid: string, url: string | null): void {
  const account = ctx.accounts.find('twilio', accountSid);
  if (account) senderWebhooks(ctx).set(senderSid(account), { callback_url: url, status_callback_url: url });
}
