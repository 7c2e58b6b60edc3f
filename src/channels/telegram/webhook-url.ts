import crypto from 'node:crypto';
import type { VerifyResult, WebhookRequest } from '../types.ts';
import { verifyTelegramSecretToken } from './secret-token.ts';

/**
 * Telegram updates never say which bot they are for, so the URL snorq gives setWebhook names it:
 * `${PUBLIC_URL}/api/v1/webhooks/telegram?bot=<bot id>`. The bot id is a hint until the secret
 * token is checked, and the secret binds it: each bot gets its own `secret_token`, an HMAC of the
 * bot id under snorq's Telegram secret, so a request that names another bot than the one whose
 * secret it carries is refused.
 */
export const WEBHOOK_PATH = '/api/v1/webhooks/telegram';

export function webhookUrl(publicUrl: string, botId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}?bot=${encodeURIComponent(botId)}`;
}

/** The bot named by a webhook request's URL; undefined when it names none or more than one. */
export function botIdOfRequest(req: WebhookRequest): string | undefined {
  if (!URL.canParse(req.publicUrl)) return undefined;
  const values = new URL(req.publicUrl).searchParams.getAll('bot');
  return values.length === 1 && /^\d{1,20}$/.test(values[0] ?? '') ? values[0] : undefined;
}

/** The `secret_token` of one bot: url-safe base64, as Telegram's rule for it allows. */
export function botSecretToken(telegramSecret: string, botId: string): string {
  return crypto.createHmac('sha256', telegramSecret).update(`snorq telegram bot ${botId}`).digest('base64url');
}

/** The adapter's verify: the bot the URL names, and that bot's secret in the header; fails closed. */
export function verifyTelegramWebhook(req: WebhookRequest, telegramSecret: string | undefined): VerifyResult {
  if (!telegramSecret) return { ok: false, reason: 'no Telegram webhook secret configured' };
  const botId = botIdOfRequest(req);
  if (!botId) return { ok: false, reason: 'the Telegram webhook URL names no bot (?bot=<id>)' };
  return verifyTelegramSecretToken(req, botSecretToken(telegramSecret, botId));
}
