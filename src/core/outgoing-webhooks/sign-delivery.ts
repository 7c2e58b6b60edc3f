import { createHmac, randomBytes } from 'node:crypto';

/**
 * The signature of a delivery: `sha256=` and the hex HMAC-SHA256, keyed with the subscription's
 * secret, of `<timestamp>.<raw body>` (the `X-Snorq-Timestamp` value, a dot, the exact bytes
 * sent). The timestamp is inside what is signed so a captured delivery cannot be replayed later
 * with a fresh timestamp: a receiver refuses timestamps more than a few minutes off its clock
 * (docs/WEBHOOKS.md has a receiver).
 */
export const SIGNATURE_HEADER = 'x-snorq-signature';
export const TIMESTAMP_HEADER = 'x-snorq-timestamp';
export const EVENT_ID_HEADER = 'x-snorq-event-id';

export function signDelivery(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/** A new subscription's secret: 32 random bytes, prefixed so it is recognisable where it leaks. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
