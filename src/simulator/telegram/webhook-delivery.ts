import type { SimContext } from '../context.ts';
import type { SimAccount } from '../types.ts';
import { post, type Delivery } from '../webhooks/deliver.ts';
import { answerQuery } from './keyboards.ts';
import { webhookOf, type BotWebhook } from './telegram-state.ts';

/**
 * Telegram posting an update to a bot's webhook (https://core.telegram.org/bots/api#setwebhook):
 * JSON, one update per request, `X-Telegram-Bot-Api-Secret-Token` when the webhook has a secret.
 * Only update types in the webhook's `allowed_updates` are posted (by default every type but
 * chat_member, message_reaction and message_reaction_count). A webhook that answers anything but
 * 2xx keeps the update pending and sets `last_error_message` as getWebhookInfo reports it.
 */

export type TelegramDelivery = Delivery & { notDelivered?: string };

/** Telegram's default when `allowed_updates` is not given. */
const NOT_BY_DEFAULT = ['chat_member', 'message_reaction', 'message_reaction_count'];

export function updateType(update: Record<string, unknown>): string | undefined {
  return Object.keys(update).find((k) => k !== 'update_id');
}

function allowed(webhook: BotWebhook, type: string | undefined): boolean {
  if (type === undefined) return true;
  if (webhook.allowedUpdates && webhook.allowedUpdates.length > 0) return webhook.allowedUpdates.includes(type);
  return !NOT_BY_DEFAULT.includes(type);
}

export async function deliverUpdate(ctx: SimContext, account: SimAccount, update: Record<string, unknown>, headers: Record<string, string> = {}): Promise<TelegramDelivery> {
  const webhook = webhookOf(ctx, account.accountId);
  const type = updateType(update);
  if (!allowed(webhook, type)) return { status: 0, body: '', notDelivered: `the bot's allowed_updates leave out ${type}` };
  if (!webhook.url) {
    webhook.pending.push(update);
    return { status: 0, body: '', notDelivered: 'the bot has no webhook (setWebhook was not called); the update is pending' };
  }
  return postUpdate(ctx, webhook, Buffer.from(JSON.stringify(update), 'utf8'), headers, update);
}

/** Bytes as given (sendRaw), to the bot's webhook, with its secret unless `headers` say otherwise. */
export async function postUpdate(ctx: SimContext, webhook: BotWebhook, body: Buffer, headers: Record<string, string>, update?: Record<string, unknown>): Promise<TelegramDelivery> {
  const sent: Record<string, string> = { 'content-type': 'application/json' };
  if (webhook.secretToken) sent['x-telegram-bot-api-secret-token'] = webhook.secretToken;
  const res = await post(ctx, 'telegram', deliveryUrl(ctx, webhook.url), { ...sent, ...headers }, body);
  if (res.status < 200 || res.status >= 300) {
    webhook.lastErrorDate = Math.floor(ctx.now() / 1000);
    webhook.lastErrorMessage = `Wrong response from the webhook: ${res.status} ${STATUS_TEXT[res.status] ?? ''}`.trim();
    if (update) webhook.pending.push(update);
  } else {
    callInAnswer(ctx, res.body);
  }
  return res;
}

/**
 * "If you're using webhooks, you can perform a request to the Bot API while sending an answer to
 * the webhook": a JSON answer naming a `method` is carried out (its result is never reported).
 * The simulator carries out answerCallbackQuery, the one snorq sends this way.
 */
function callInAnswer(ctx: SimContext, body: string): void {
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    return;
  }
  const call = answer as { method?: unknown; callback_query_id?: unknown } | null;
  if (typeof call?.method === 'string' && call.method.toLowerCase() === 'answercallbackquery') answerQuery(ctx, call.callback_query_id);
}

/** Updates that waited are posted once a webhook is set, oldest first, as Telegram does. */
export async function flushPending(ctx: SimContext, account: SimAccount): Promise<void> {
  const webhook = webhookOf(ctx, account.accountId);
  const waiting = webhook.pending.splice(0);
  for (const update of waiting) await deliverUpdate(ctx, account, update);
}

/** A URL under snorq's public address is posted to the address snorq listens on (as Twilio's are). */
function deliveryUrl(ctx: SimContext, url: string): string {
  const pub = ctx.options.publicWebhookBaseUrl;
  return url.startsWith(pub) ? `${ctx.options.webhookBaseUrl}${url.slice(pub.length)}` : url;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
