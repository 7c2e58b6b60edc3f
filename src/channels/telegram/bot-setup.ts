import { z } from 'zod';
import type { Outcome } from '../http/outcome.ts';
import { callBotApi, parseResult, type BotApiCall } from './bot-api-client.ts';
import { ALLOWED_UPDATES } from './update-schemas.ts';
import { subscriptionText } from '../../contract/server-texts.ts';

/**
 * Connecting a bot and keeping an eye on it: getMe checks a token and names the bot, setWebhook
 * points its updates at snorq with the secret token, getWebhookInfo says whether Telegram can
 * reach snorq (https://core.telegram.org/bots/api#getme, #setwebhook, #getwebhookinfo).
 */

const BotSchema = z.looseObject({ id: z.number().int(), is_bot: z.literal(true), first_name: z.string(), username: z.string().optional().catch(undefined) });
export type BotIdentity = z.infer<typeof BotSchema>;

/** The bot a token belongs to; a token Telegram refuses is a `TOKEN_EXPIRED` failure (401). */
export async function getMe(call: BotApiCall): Promise<Outcome<BotIdentity>> {
  const res = await callBotApi(call, 'getMe', {});
  return res.ok ? parseResult(BotSchema, res.value) : res;
}

/**
 * The bot id is the number before the colon of its token (`123456789:AA…`): snorq's routing id
 * for the channel, known without a call. getMe confirms it when the bot is connected.
 */
export function botIdOfToken(botToken: string): string | undefined {
  return /^(\d{1,20}):[A-Za-z0-9_-]{20,}$/.exec(botToken.trim())?.[1];
}

/**
 * Sends the bot's updates to `url` with `secretToken` in every request's header, only the update
 * types snorq handles, and drops nothing pending: updates that waited while no webhook was set
 * are delivered once it is.
 */
export async function setWebhook(call: BotApiCall, url: string, secretToken: string): Promise<Outcome<true>> {
  const res = await callBotApi(call, 'setWebhook', { url, secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
  return res.ok ? parseResult(z.literal(true), res.value) : res;
}

/** Stops the bot's webhook (when the channel is disconnected), keeping pending updates. */
export async function deleteWebhook(call: BotApiCall): Promise<Outcome<true>> {
  const res = await callBotApi(call, 'deleteWebhook', {});
  return res.ok ? parseResult(z.literal(true), res.value) : res;
}

const WebhookInfoSchema = z.looseObject({
  url: z.string(),
  pending_update_count: z.number().int(),
  last_error_date: z.number().optional().catch(undefined),
  last_error_message: z.string().optional().catch(undefined),
  allowed_updates: z.array(z.string()).optional().catch(undefined),
});
export type WebhookInfo = z.infer<typeof WebhookInfoSchema>;

export async function getWebhookInfo(call: BotApiCall): Promise<Outcome<WebhookInfo>> {
  const res = await callBotApi(call, 'getWebhookInfo', {});
  return res.ok ? parseResult(WebhookInfoSchema, res.value) : res;
}

export interface WebhookHealth {
  healthy: boolean;
  /** A sentence for the channel's page when something is wrong. */
  problem?: string;
  /** Telegram's last delivery error while the webhook is otherwise healthy (updates flow again), shown beside the channel. */
  note?: string;
  pendingUpdates: number;
  /**
   * Update types snorq reads that the webhook was set without: a bot subscribed before snorq read
   * a type (button taps, `callback_query`) never receives it until setWebhook is called again.
   * Absent `allowed_updates` means Telegram's default, which has every type snorq reads.
   */
  missingUpdates: string[];
}

/**
 * What getWebhookInfo says about a channel: its webhook must still be snorq's (another program
 * calling setWebhook or deleteWebhook with the same token silently takes the updates away), and
 * Telegram's last delivery error is shown while updates wait.
 */
export function webhookHealth(info: WebhookInfo, expectedUrl: string, nowMs: number): WebhookHealth {
  const pending = info.pending_update_count;
  const missingUpdates = info.allowed_updates ? ALLOWED_UPDATES.filter((type) => !info.allowed_updates?.includes(type)) : [];
  return { ...judgeWebhook(info, expectedUrl, nowMs, pending), pendingUpdates: pending, missingUpdates };
}

function judgeWebhook(info: WebhookInfo, expectedUrl: string, nowMs: number, pendingUpdates: number): Omit<WebhookHealth, 'missingUpdates'> {
  if (info.url === '') return { healthy: false, problem: subscriptionText('subscription.noWebhook', { platform: 'Telegram' }), pendingUpdates };
  if (info.url !== expectedUrl) return { healthy: false, problem: subscriptionText('subscription.pointsElsewhere', { host: new URL(info.url).host }), pendingUpdates };
  // A recent error with updates still waiting means Telegram cannot deliver right now.
  const recentError = info.last_error_date !== undefined && nowMs - info.last_error_date * 1000 < 3_600_000;
  if (info.last_error_message && recentError && pendingUpdates > 0) {
    return { healthy: false, problem: subscriptionText('subscription.cannotDeliver', { platform: 'Telegram', detail: info.last_error_message, count: pendingUpdates }), pendingUpdates };
  }
  if (info.last_error_message) {
    const detail = info.last_error_message;
    const note =
      info.last_error_date === undefined
        ? subscriptionText('subscription.lastError', { platform: 'Telegram', detail })
        : subscriptionText('subscription.lastErrorAt', { platform: 'Telegram', detail, errorAt: new Date(info.last_error_date * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    return { healthy: true, note, pendingUpdates };
  }
  return { healthy: true, pendingUpdates };
}
