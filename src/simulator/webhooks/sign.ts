import crypto from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';

/**
 * The platforms' webhook signatures, computed the way they compute them (FACTS 1.2, 5.2, 6.1).
 */

/** Meta: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, plus the legacy SHA-1 header Meta still sends. */
export function metaSignatureHeaders(appSecret: string, body: Buffer): Record<string, string> {
  return {
    'x-hub-signature': `sha1=${crypto.createHmac('sha1', appSecret).update(body).digest('hex')}`,
    'x-hub-signature-256': `sha256=${crypto.createHmac('sha256', appSecret).update(body).digest('hex')}`,
  };
}

/**
 * Meta serialises webhook JSON PHP-style: every character outside ASCII as `\uXXXX` (lowercase hex,
 * UTF-16 code units) and `/` as `\/`, and signs those bytes (FACTS 1.2). A receiver that re-serialises
 * the parsed JSON before checking gets a different hash — as it would live.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

/** Twilio: base64 HMAC-SHA1(auth token, URL + sorted params), via the twilio package itself. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return getExpectedTwilioSignature(authToken, url, params);
}

/** TikTok: `Tiktok-Signature: t=<unix s>,s=<hex HMAC-SHA256(client secret, "<t>." + raw body)>`. */
export function tiktokSignature(clientSecret: string, timestampSeconds: number, body: Buffer): string {
  const s = crypto.createHmac('sha256', clientSecret).update(`${timestampSeconds}.`).update(body).digest('hex');
  return `t=${timestampSeconds},s=${s}`;
}
