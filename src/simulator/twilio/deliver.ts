import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import type { SimContext } from '../context.ts';
import { uuid } from '../ids.ts';
import { deliveryUrl, post, type Delivery, type PostOptions } from '../webhooks/deliver.ts';

/** Twilio: base64 HMAC-SHA1(auth token, URL + sorted params), via the twilio package itself. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return getExpectedTwilioSignature(authToken, url, params);
}

/**
 * Twilio: form-encoded params, X-Twilio-Signature over the PUBLIC URL (what Twilio was configured
 * with) + sorted params. A URL under publicWebhookBaseUrl is delivered to webhookBaseUrl instead.
 */
export function postTwilio(ctx: SimContext, authToken: string, publicUrl: string, params: Record<string, string>, options: PostOptions = {}): Promise<Delivery> {
  const body = Buffer.from(new URLSearchParams(params).toString(), 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    'user-agent': 'TwilioProxy/1.1',
    'i-twilio-idempotency-token': uuid(),
  };
  if (options.sign !== false) headers['x-twilio-signature'] = twilioSignature(authToken, publicUrl, params);
  if (options.signature !== undefined) headers['x-twilio-signature'] = options.signature;
  return post(ctx, 'twilio', deliveryUrl(ctx, publicUrl), { ...headers, ...options.headers }, body);
}

/** The public URL Twilio signs for a webhook path. */
export const twilioPublicUrl = (ctx: SimContext, path = ctx.platform('twilio').webhookPath): string => `${ctx.options.publicWebhookBaseUrl}${path}`;
