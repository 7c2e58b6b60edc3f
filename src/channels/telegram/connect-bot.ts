import crypto from 'node:crypto';
import { failed, type Outcome } from '../http/outcome.ts';
import type { BotApiCall } from './bot-api-client.ts';
import { botIdOfToken, getMe, getWebhookInfo, setWebhook, webhookHealth, type WebhookHealth } from './bot-setup.ts';
import type { TelegramCredentials } from './credentials.ts';
import { botSecretToken, webhookUrl } from './webhook-url.ts';

/**
 * Connecting a bot by its token (Settings → Channels, or TELEGRAM_BOT_TOKEN): getMe proves the
 * token and names the bot, then setWebhook points the bot's updates at snorq with the bot's own
 * secret token. Nothing is stored unless both succeed.
 */
export interface ConnectedBot {
  externalAccountId: string;
  displayName: string;
  credentials: TelegramCredentials;
}

/**
 * The bot's secret token: from TELEGRAM_WEBHOOK_SECRET when set (every instance and every
 * reconnect computes the same one), else random, kept in the channel's credentials.
 */
export function webhookSecretFor(botId: string, telegramSecret: string | undefined): string {
  return telegramSecret ? botSecretToken(telegramSecret, botId) : crypto.randomBytes(32).toString('base64url');
}

export async function connectBot(input: { apiUrl: string; timeoutMs: number; publicUrl: string; botToken: string; telegramSecret?: string | undefined }): Promise<Outcome<ConnectedBot>> {
  const botToken = input.botToken.trim();
  const botId = botIdOfToken(botToken);
  if (!botId)
    return failed({ code: 'TOKEN_EXPIRED', reason: 'This is not a bot token: it looks like 123456789:AA… (from @BotFather).', retryable: false, tokenInvalid: true, platformCode: 'local_check' });
  const call: BotApiCall = { apiUrl: input.apiUrl, botToken, timeoutMs: input.timeoutMs };
  const me = await getMe(call);
  if (!me.ok) return me;
  // The token's own number must be the bot getMe names (a token is never someone else's).
  if (String(me.value.id) !== botId)
    return failed({ code: 'TOKEN_EXPIRED', reason: 'Telegram names another bot for this token.', retryable: false, tokenInvalid: true, platformCode: 'bot_id_mismatch' });
  const webhookSecret = webhookSecretFor(botId, input.telegramSecret);
  const hooked = await setWebhook(call, webhookUrl(input.publicUrl, botId), webhookSecret);
  if (!hooked.ok) return hooked;
  const displayName = me.value.username ? `@${me.value.username}` : me.value.first_name;
  return { ok: true, value: { externalAccountId: botId, displayName, credentials: { platform: 'telegram', botToken, webhookSecret } } };
}

/** The channel's webhook as Telegram sees it (getWebhookInfo): still snorq's, and delivering. */
export async function checkBot(input: { apiUrl: string; timeoutMs: number; publicUrl: string; credentials: TelegramCredentials; nowMs: number }): Promise<Outcome<WebhookHealth>> {
  const botId = botIdOfToken(input.credentials.botToken) ?? '';
  const info = await getWebhookInfo({ apiUrl: input.apiUrl, botToken: input.credentials.botToken, timeoutMs: input.timeoutMs });
  return info.ok ? { ok: true, value: webhookHealth(info.value, webhookUrl(input.publicUrl, botId), input.nowMs) } : info;
}
