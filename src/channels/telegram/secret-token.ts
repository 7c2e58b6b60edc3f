import crypto from 'node:crypto';
import type { VerifyResult, WebhookRequest } from '../types.ts';
import { singleHeader } from '../webhook-headers.ts';

/**
 * Telegram does not sign its webhooks: it repeats the `secret_token` given to setWebhook in the
 * `X-Telegram-Bot-Api-Secret-Token` header of every request (https://core.telegram.org/bots/api#setwebhook).
 * The header is the only proof a request comes from Telegram, so it is compared in constant time
 * and a missing secret fails closed: without one, every request is refused.
 */
export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

/** Telegram's rule for `secret_token`: 1-256 characters, `A-Z`, `a-z`, `0-9`, `_` and `-`. */
export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

export function verifyTelegramSecretToken(req: WebhookRequest, secret: string | undefined): VerifyResult {
  if (!secret) return { ok: false, reason: 'no Telegram webhook secret configured' };
  const presented = singleHeader(req.headers, SECRET_TOKEN_HEADER);
  if (presented === undefined) return { ok: false, reason: 'missing X-Telegram-Bot-Api-Secret-Token header' };
  // Hashed first so that the comparison takes the same time whatever the length presented.
  const same = crypto.timingSafeEqual(digest(presented), digest(secret));
  return same ? { ok: true } : { ok: false, reason: 'X-Telegram-Bot-Api-Secret-Token does not match' };
}

/**
 * The secret snorq gives Telegram when the operator set none (TELEGRAM_WEBHOOK_SECRET): derived
 * from snorq's own key, so every instance computes the same one and nothing more is stored.
 */
export function derivedWebhookSecret(snorqSecretKey: string): string {
  return crypto.createHmac('sha256', snorqSecretKey).update('snorq telegram webhook secret_token').digest('base64url');
}

const digest = (value: string): Buffer => crypto.createHash('sha256').update(value, 'utf8').digest();
