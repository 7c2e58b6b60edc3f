// The official package's webhook module alone: the package's entry loads its whole REST client (bench: restarts).
import { validateRequest, validateRequestWithBody } from 'twilio/lib/webhooks/webhooks.js';
import type { ChannelWebhook } from '../channel-definition.ts';
import { MalformedWebhookError, type NormalizedEvent, type VerifyResult, type WebhookRequest } from '../types.ts';
import { InboundSchema, normalizeInbound } from './inbound-message.ts';
import { singleHeader } from '../webhook-headers.ts';
import { readFormParams, readSignedParams } from './read-form.ts';
import { INBOUND_STATUSES, StatusCallbackSchema, normalizeStatusCallback } from './status-callback.ts';

const SIGNATURE_HEADER = 'x-twilio-signature';
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

/**
 * Twilio WhatsApp inbound: "a message comes in" and status callbacks, both form-encoded and signed
 * with the account's primary auth token (FACTS 5.1–5.3). The signature is checked by the official
 * `twilio` package, never by hand (pitfall 4).
 */
export const twilioWebhook = {
  receives: { reactions: false, edits: false },
  paths: ['twilio'],
  signatureHeader: SIGNATURE_HEADER,
  // Twilio reads the answer as TwiML: an empty Response sends no auto-reply (FACTS 5.1).
  acknowledgement: { contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' },
  signedWith: 'account',
  /** Only the auth token of the channel the webhook routes to (not every token stored under the AccountSid). */
  secrets: ({ credentials }) => (credentials?.platform === 'twilio' && credentials.authToken ? [credentials.authToken] : []),

  /**
   * Untrusted: only picks which channel's auth token to verify with, and it is the channel the
   * body routes to (`AccountSid:To` for a message that comes in, `AccountSid:From` for a status
   * callback, as `normalize` reads them), so no other channel's token can vouch for the body.
   */
  accountHint(req: WebhookRequest): string | undefined {
    const params = readFormParams(req.rawBody);
    const sid = params.AccountSid;
    if (sid === undefined || !ACCOUNT_SID.test(sid)) return undefined;
    const isCallback = params.MessageStatus !== undefined && !INBOUND_STATUSES.has(params.MessageStatus);
    const sender = isCallback ? params.From : params.To;
    return sender ? `${sid}:${sender}` : undefined;
  },

  verify(req: WebhookRequest, authToken: string | undefined, _nowMs: number): VerifyResult {
    // An HMAC keyed with "" still looks valid: no token, no entry (pitfall 3).
    if (!authToken) return { ok: false, reason: 'no auth token for this Twilio account' };
    const signature = singleHeader(req.headers, SIGNATURE_HEADER);
    if (!signature) return { ok: false, reason: 'missing X-Twilio-Signature header' };
    try {
      // JSON webhooks sign the URL only and carry bodySHA256 in it (FACTS 5.2 item 5).
      const valid = new URL(req.publicUrl).searchParams.has('bodySHA256')
        ? validateRequestWithBody(authToken, signature, req.publicUrl, req.rawBody.toString('utf8'))
        : validateRequest(authToken, signature, req.publicUrl, readSignedParams(req.rawBody));
      return valid ? { ok: true } : { ok: false, reason: 'X-Twilio-Signature does not match' };
    } catch {
      // Only an unparseable publicUrl throws; that is our configuration, but still a refusal.
      return { ok: false, reason: 'cannot validate against this public URL' };
    }
  },

  normalize(rawBody: Buffer, contentType: string | undefined): NormalizedEvent[] {
    if (contentType !== undefined && !contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new MalformedWebhookError(`Twilio webhooks are form-encoded, got ${contentType}`);
    }
    const params = readFormParams(rawBody);
    // Inbound messages carry SmsStatus=received and no MessageStatus (or "received"); status
    // callbacks carry MessageStatus with the outbound message's state (FACTS 5.1, 5.3). Body or
    // NumMedia do not decide: unsupported inbound types arrive with neither filled in.
    const messageStatus = params.MessageStatus;
    if (messageStatus !== undefined && !INBOUND_STATUSES.has(messageStatus)) {
      const parsed = StatusCallbackSchema.safeParse(params);
      if (!parsed.success) throw new MalformedWebhookError(`Twilio status callback without ${missingKeys(parsed.error)}`);
      return [normalizeStatusCallback(parsed.data)];
    }
    const parsed = InboundSchema.safeParse(params);
    if (!parsed.success) throw new MalformedWebhookError(`Twilio message webhook without ${missingKeys(parsed.error)}`);
    return [normalizeInbound(parsed.data, params)];
  },
} satisfies ChannelWebhook;

function missingKeys(error: { issues: { path: PropertyKey[] }[] }): string {
  return [...new Set(error.issues.map((issue) => issue.path.map(String).join('.')))].join(', ');
}
