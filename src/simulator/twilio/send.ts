import type { FastifyReply } from 'fastify';
import type { SimContext } from '../context.ts';
import { twilioSid } from './ids.ts';
import { type SimMessage } from '../state/conversations.ts';
import type { SimAccount } from '../types.ts';
import { CONTENT_TEMPLATES, renderContent, type ContentTemplate } from './content-templates.ts';
import { createdContent } from './created-content.ts';
import { sendTwilioError, twilioErrors, type TwilioError } from './errors.ts';
import { messageResource } from './resource.ts';
import { sendStatusCallback } from './status-callbacks.ts';
import { twilioPhoneKey } from './phone.ts';

/**
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` for WhatsApp (FACTS 5.5): 201 + the
 * Message resource, status `queued`. Free-form outside the 24 h window is accepted and then goes
 * `undelivered` with 63016 through the StatusCallback (FACTS 5.3, 5.6), as on Twilio; templates
 * go by ContentSid + ContentVariables.
 */

const DAY_MS = 24 * 3600 * 1000;
const bad = twilioErrors.badRequest;
const first = (v: unknown): string | undefined => (Array.isArray(v) ? (v[0] as string | undefined) : typeof v === 'string' ? v : undefined);
const all = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const isUrl = (v: string): boolean => /^https?:\/\/[^\s/]+/.test(v);

/** `failWith`: a Twilio delivery code (DELIVERY_ERRORS) the message goes `undelivered` with after `sent`. */
export function createMessage(ctx: SimContext, reply: FastifyReply, account: SimAccount, params: Record<string, unknown>, forceWindowClosed: boolean, failWith?: number): FastifyReply {
  const known = (sid: string) => CONTENT_TEMPLATES.find((t) => t.sid === sid) ?? createdContent(ctx, account.accountId, sid);
  const checked = check(account, params, known);
  if ('status' in checked) return sendTwilioError(reply, checked);
  const { to, from, body, mediaUrls, contentSid, variables, statusCallback, messagingServiceSid } = checked;

  const conv = ctx.conversations.ensure('twilio', account.accountId, { id: twilioPhoneKey(to.replace(/^whatsapp:/, '')) }, ctx.now());
  const last = conv.lastCustomerMessageAt;
  const template = contentSid ? known(contentSid) : undefined;
  // Only a template WhatsApp approved may open a conversation; any other content is free-form.
  const windowClosed = template?.approval?.status !== 'approved' && (last === undefined || ctx.now() - last > DAY_MS || forceWindowClosed);
  const sid = twilioSid(mediaUrls.length > 0 ? 'MM' : 'SM');
  const message: SimMessage = {
    id: sid,
    platform: 'twilio',
    accountId: account.accountId,
    customerId: conv.customer.id,
    direction: 'outbound',
    timestamp: ctx.now(),
    status: 'queued',
    text: template ? renderContent(template, variables) : body,
    statusCallback,
    attachments: mediaUrls.map((url) => ({ type: 'media', url })),
    data: { from, to, messagingServiceSid, contentSid },
  };
  ctx.conversations.add(conv, message);

  const delay = ctx.options.receiptDelayMs;
  if (windowClosed) {
    ctx.timers.after(delay, () => sendStatusCallback(ctx, account, message, 'undelivered', 63016));
  } else if (failWith !== undefined) {
    ctx.timers.sequence(delay, [() => sendStatusCallback(ctx, account, message, 'sent'), () => sendStatusCallback(ctx, account, message, 'undelivered', failWith)]);
  } else if (ctx.options.autoReceipts) {
    ctx.timers.sequence(
      delay,
      (['sent', 'delivered', 'read'] as const).map((status) => () => sendStatusCallback(ctx, account, message, status)),
    );
  }
  return reply.code(201).type('application/json; charset=utf-8').send(messageResource(account.accountId, message));
}

interface Checked {
  to: string;
  from: string;
  body?: string;
  mediaUrls: string[];
  contentSid?: string;
  variables: Record<string, unknown>;
  statusCallback?: string;
  messagingServiceSid?: string;
}

function check(account: SimAccount, params: Record<string, unknown>, known: (sid: string) => ContentTemplate | undefined): Checked | TwilioError {
  const to = first(params.To);
  if (!to) return bad(21604, "A 'To' phone number is required.");
  const messagingServiceSid = first(params.MessagingServiceSid);
  const from = first(params.From) ?? (messagingServiceSid ? account.sender : undefined);
  if (!from) return bad(21603, "A 'From' phone number is required.");
  if (messagingServiceSid && !/^MG[0-9a-f]{32}$/.test(messagingServiceSid)) return bad(21701, `The Messaging Service Sid ${messagingServiceSid} is invalid.`);
  if (from !== account.sender) return bad(63007, `Twilio could not find a Channel with the specified From address: ${from}`);
  if (!to.startsWith('whatsapp:')) return bad(21910, 'Invalid From and To pair. From and To should be of the same channel.');
  const address = to.slice('whatsapp:'.length);
  if (!/^\+\d{6,15}$/.test(address) && !/^[A-Z]{2}\.[A-Za-z0-9.]+$/.test(address)) return bad(21211, `The 'To' number ${to} is not a valid phone number.`);

  const body = first(params.Body);
  const mediaUrls = all(params.MediaUrl);
  const contentSid = first(params.ContentSid);
  if (!body && mediaUrls.length === 0 && !contentSid) return bad(21602, 'Message body is required.');
  if (body && body.length > 1600) return bad(21617, 'The concatenated message body exceeds the 1600 character limit.');
  if (mediaUrls.some((u) => !isUrl(u))) return bad(21620, 'Invalid media URL(s).');
  if (mediaUrls.length > 10) return bad(21623, 'Number of media files exceeds allowed limit.');
  let variables: Record<string, unknown> = {};
  if (!contentSid && first(params.ContentVariables) !== undefined) return bad(21654, 'A ContentSid must be specified if ContentVariables are provided in the request.');
  if (contentSid) {
    if (!known(contentSid)) return bad(21655, 'The ContentSid is Invalid.');
    const raw = first(params.ContentVariables);
    if (raw !== undefined) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        variables = parsed as Record<string, unknown>;
      } catch {
        return bad(21656, 'The ContentVariables Parameter is invalid.');
      }
      // Twilio refuses a variable set to null or "" (error 21656's causes); one left out takes the
      // template's default instead, so only the sender can notice it (see renderContent).
      const values = Object.values(variables);
      if (values.some((v) => v === null || v === '' || (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean'))) return bad(21656, 'The ContentVariables Parameter is invalid.');
      if (values.some((v) => String(v).length > 1600)) return bad(21656, 'The ContentVariables Parameter is invalid.');
    }
  }
  const statusCallback = first(params.StatusCallback);
  if (statusCallback !== undefined && !isUrl(statusCallback)) return bad(21609, 'The StatusCallback URL is not a valid URL.');
  return { to, from, body, mediaUrls, contentSid, variables, statusCallback, messagingServiceSid };
}
