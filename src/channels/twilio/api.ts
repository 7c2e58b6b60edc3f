import { z } from 'zod';
import { failed, parseBody, parseJson, platformEvidence } from '../http/outcome.ts';
import { readText, retryAfterHeader, timedFetch } from '../http/timed-fetch.ts';
import type { OutboundMessage, OutboundTemplate, PlatformCallContext, PlatformFailure, SendResult } from '../types.ts';
import type { ChannelApi } from '../channel-definition.ts';
import { describeLimit, fitsLimit } from '../../text/text-limits.ts';
import { listContentTemplates } from './content-templates.ts';
import { twilioPolicy } from './policy.ts';
import { createContent, TWILIO_INTERACTIVE } from './interactive.ts';

/**
 * Twilio Programmable Messaging for WhatsApp (FACTS 5.5, 5.7):
 * `POST {twilio}/2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP Basic
 * `AccountSid:AuthToken`. The call context's accountId is `AccountSid:whatsapp:+E164` (the sender).
 */

/** Twilio's REST API version, pinned here only (FACTS 0). */
export const TWILIO_API_VERSION = '2010-04-01';

const MessageSchema = z.looseObject({ sid: z.string().min(1), status: z.string().optional() });
const TwilioErrorSchema = z.looseObject({
  code: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  message: z.string().optional(),
  more_info: z.string().optional(),
  status: z.number().optional(),
});

/** `AC…:whatsapp:+15550001111` → the AccountSid and the `From` address. */
export function splitTwilioAccountId(accountId: string): { accountSid: string; from: string } {
  const i = accountId.indexOf(':');
  const accountSid = accountId.slice(0, i);
  const from = accountId.slice(i + 1);
  if (i <= 0 || !from.startsWith('whatsapp:')) throw new Error(`Twilio accountId must be "AccountSid:whatsapp:+E164", got "${accountId}"`);
  return { accountSid, from };
}

function credentials(call: PlatformCallContext) {
  const c = call.credentials;
  if (c.platform !== 'twilio') throw new Error(`Twilio API called with ${c.platform} credentials`);
  return c;
}

const basicAuth = (call: PlatformCallContext): string => {
  const c = credentials(call);
  return `Basic ${Buffer.from(`${c.accountSid}:${c.authToken}`).toString('base64')}`;
};

const local = (code: PlatformFailure['code'], reason: string): SendResult => failed({ code, reason, retryable: false, platformCode: 'local_check' });

/**
 * ContentVariables: each variable by its own name (`{"1": "Ana"}` or `{"first_name": "Ana"}`),
 * from the parameters checked when the reply was queued; older rows carry the body's variables in order.
 */
function contentVariables(t: OutboundTemplate): Record<string, string> {
  if (t.parameters && t.inputs) {
    return Object.fromEntries(t.inputs.flatMap((i) => (i.name && t.parameters![i.key] ? [[i.name, t.parameters![i.key]!]] : [])));
  }
  return Object.fromEntries((t.variables ?? []).map((v, i) => [String(i + 1), v]));
}

/**
 * One Twilio message carries Body (the caption, when there is media) and one MediaUrl; a template
 * is ContentSid + ContentVariables with no Body (FACTS 5.5: since 2025-04-01 a Body matching a
 * template no longer counts). Twilio has no quoting and no message tags.
 */
async function send(call: PlatformCallContext, message: OutboundMessage): Promise<SendResult> {
  const { accountSid, from } = splitTwilioAccountId(call.accountId);
  const c = credentials(call);
  const form = new URLSearchParams({ To: message.recipientId, From: from });
  if (c.messagingServiceSid) form.set('MessagingServiceSid', c.messagingServiceSid);
  if (message.interactive && message.text) {
    // Choices go as content made for this reply (interactive.ts); nothing is sent if that is refused.
    const created = await createContent(call, { authorization: basicAuth(call), failure: twilioFailure }, message.interactive, message.text);
    if (!created.ok) return created;
    form.set('ContentSid', created.value);
  } else if (message.template) {
    const { contentSid } = message.template;
    if (!contentSid) return local('TEMPLATE_INVALID', 'Twilio sends WhatsApp templates by Content SID (HX…), and this template has none.');
    form.set('ContentSid', contentSid);
    const variables = contentVariables(message.template);
    if (Object.keys(variables).length > 0) form.set('ContentVariables', JSON.stringify(variables));
  } else {
    if (!message.text && !message.media) throw new Error('Twilio send needs text, media or a template');
    if (message.text && !fitsLimit(twilioPolicy.textLimit, message.text))
      return local('MESSAGE_TOO_LONG', `The text is longer than Twilio allows (${describeLimit(twilioPolicy.textLimit)}); shorten or split it.`);
    if (message.text) form.set('Body', message.text);
    if (message.media) form.set('MediaUrl', message.media.url);
  }
  if (message.statusCallbackUrl) form.set('StatusCallback', message.statusCallbackUrl);

  const url = `${call.urls.twilio.replace(/\/+$/, '')}/${TWILIO_API_VERSION}/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const sent = await timedFetch(
    call,
    url,
    { method: 'POST', headers: { authorization: basicAuth(call), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() },
    'Twilio',
  );
  if (!sent.ok) return sent;
  const text = await readText(sent.res, call, 'Twilio');
  if (!text.ok) return text;
  const body = parseJson(text.value);
  if (!sent.res.ok) return failed(twilioFailure(sent.res.status, body, sent.res.headers));
  const parsed = parseBody(MessageSchema, body, 'Twilio');
  return parsed.ok ? { ok: true, externalId: parsed.value.sid } : parsed;
}

/** Twilio error JSON `{code, message, more_info, status}` → PlatformFailure (FACTS 5.5, 5.6). */
export function twilioFailure(status: number, body: unknown, headers: Headers): PlatformFailure {
  const parsed = TwilioErrorSchema.safeParse(body);
  const err = parsed.success ? parsed.data : undefined;
  const code = err?.code;
  const platformCode = code === undefined ? `http_${status}` : String(code);
  const fail = (f: Omit<PlatformFailure, 'platformCode'>): PlatformFailure => ({ ...f, platformCode, ...platformEvidence(code, err?.message) });
  const retryAfterMs = retryAfterHeader(headers);

  if (code === 20003 || (code === undefined && status === 401)) {
    return fail({ code: 'TOKEN_EXPIRED', reason: "Twilio rejected the channel's Account SID or Auth Token; update the credentials.", retryable: false, tokenInvalid: true });
  }
  if (code === 20429 || code === 63018 || status === 429) {
    const reason = code === 63018 ? 'The WhatsApp sender hit its rate limit.' : 'Twilio is rate-limiting this account (too many concurrent requests).';
    return fail({ code: 'RATE_LIMITED', reason, retryable: true, ...(retryAfterMs !== undefined && { retryAfterMs }) });
  }
  if (code === 63016) {
    return fail({ code: 'WINDOW_CLOSED', reason: "The customer's 24-hour WhatsApp window has closed; send an approved template (Content SID) instead.", retryable: false });
  }
  // Delivery codes of Twilio's error dictionary, which arrive on a failed status callback (FACTS 5.6; twilio.com/docs/api/errors/<code>).
  if (code === 30003 || code === 30006) {
    const reason =
      code === 30003
        ? "The customer's phone could not be reached (switched off or out of coverage); it may work later."
        : "The customer's number cannot receive this message (a landline, or a carrier Twilio cannot reach).";
    return fail({ code: 'RECIPIENT_UNREACHABLE', reason, retryable: false });
  }
  if (code === 30007 || code === 63049) {
    const reason = code === 30007 ? 'The carrier filtered this message (spam or a policy of theirs).' : 'Meta chose not to deliver this message (marketing message limits for this customer).';
    return fail({ code: 'MESSAGE_FILTERED', reason, retryable: false });
  }
  if (code === 30008) {
    return fail({ code: 'DELIVERY_FAILED', reason: 'The message was not delivered and the carrier gave no reason (Twilio 30008, unknown error).', retryable: false });
  }
  if (code === 21211 || code === 30005 || code === 63003 || code === 63024) {
    return fail({ code: 'INVALID_RECIPIENT', reason: "WhatsApp can't reach this recipient (not a valid number, or no WhatsApp account).", retryable: false });
  }
  if (code === 21610 || code === 63032) {
    return fail({ code: 'RECIPIENT_BLOCKED', reason: 'The customer has opted out of (or blocks) messages from this sender.', retryable: false });
  }
  if (code === 21617) {
    return fail({ code: 'MESSAGE_TOO_LONG', reason: 'The text is longer than Twilio allows (1600 characters); shorten or split it.', retryable: false });
  }
  if (code === 21620 || code === 11200) {
    return fail({ code: 'MEDIA_UPLOAD_FAILED', reason: "Twilio couldn't fetch the attachment from snorq's media URL.", retryable: false });
  }
  if (status >= 500) {
    return fail({ code: 'PLATFORM_UNAVAILABLE', reason: `Twilio had a temporary problem (HTTP ${status}).`, retryable: true, ...(retryAfterMs !== undefined && { retryAfterMs }) });
  }
  return fail({ code: 'UNKNOWN_PLATFORM_ERROR', reason: err?.message ? `Twilio rejected the message: ${err.message}` : `Twilio rejected the message (HTTP ${status}).`, retryable: false });
}

export const twilioApi: ChannelApi = {
  platform: 'twilio',
  send,
  interactive: TWILIO_INTERACTIVE,
  mediaTypes: ['image', 'video', 'audio', 'file'],
  // WhatsApp through Twilio takes ogg/opus audio as media (FACTS 5.7).
  voiceNotes: 'audio',
  statusCallback: true,
  templates: {
    async list(call) {
      const listed = await listContentTemplates(call);
      return listed.ok ? { ok: true, value: { templates: listed.value } } : listed;
    },
    source: 'Twilio',
    noneApproved: 'This Twilio account has no Content template approved for WhatsApp.',
  },
};
