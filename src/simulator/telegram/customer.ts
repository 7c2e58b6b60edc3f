import type { SimContext } from '../context.ts';
import type { SimulatedCustomer } from '../simulated-platform.ts';
import type { CustomerMessage, CustomerSendResult, RawSendOptions, SimAccount } from '../types.ts';
import { buildCustomerUpdate } from './customer-updates.ts';
import { webhookOf } from './telegram-state.ts';
import { deliverUpdate, postUpdate, type TelegramDelivery } from './webhook-delivery.ts';

/**
 * The customers' side of Telegram: a person writes to a bot (`accountId` is the bot's id) and
 * Telegram posts the Update to the bot's webhook. The message is remembered first, so a reply
 * naming it is accepted as Telegram would accept it.
 */
export async function sendAsCustomer(ctx: SimContext, message: CustomerMessage): Promise<CustomerSendResult> {
  const bot = ctx.accounts.require('telegram', message.accountId);
  const built = buildCustomerUpdate(ctx, bot, message);
  rememberInbound(ctx, bot, message, built.externalId);
  const res = await deliverUpdate(ctx, bot, built.update);
  return { ...res, payload: built.update, ...(built.externalId !== undefined && { externalId: built.externalId }) };
}

function rememberInbound(ctx: SimContext, bot: SimAccount, message: CustomerMessage, externalId: string | undefined): void {
  if (externalId === undefined || message.kind === 'edit') return;
  const at = message.timestamp ?? ctx.now();
  const conv = ctx.conversations.ensure('telegram', bot.accountId, message.customer, at);
  ctx.conversations.add(conv, { id: externalId, platform: 'telegram', accountId: bot.accountId, customerId: message.customer.id, direction: 'inbound', timestamp: at, text: message.text });
  ctx.conversations.customerActed(conv, at);
}

/**
 * A payload posted as given to a bot's webhook: an object as JSON, a string or Buffer as those
 * bytes. `headers` override the secret header (a wrong one), `sign: false` leaves it out.
 * `path` names the bot (`?bot=<id>`) when several are connected; default: the first bot's webhook.
 */
export async function sendRawAsTelegram(ctx: SimContext, payload: unknown, options: RawSendOptions): Promise<TelegramDelivery> {
  const bots = ctx.accounts.all().filter((a) => a.platform === 'telegram');
  const bot = bots.find((b) => options.path?.includes(`bot=${b.accountId}`)) ?? bots[0];
  if (!bot) throw new Error('simulator: no Telegram bot');
  const webhook = webhookOf(ctx, bot.accountId);
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
  const target = options.path ? { ...webhook, url: `${ctx.options.publicWebhookBaseUrl}${options.path}` } : webhook;
  if (!target.url) throw new Error(`simulator: Telegram bot ${bot.accountId} has no webhook to post to`);
  const headers: Record<string, string> = { ...options.headers };
  if (options.signature !== undefined) headers['x-telegram-bot-api-secret-token'] = options.signature;
  const secretless = options.sign === false ? { ...target, secretToken: undefined } : target;
  return postUpdate(ctx, secretless, body, headers);
}

/** The customers' side the simulator dispatches to. */
export const telegramCustomer: SimulatedCustomer = {
  send: (ctx, message) => sendAsCustomer(ctx, message),
  sendRaw: (ctx, payload, options) => sendRawAsTelegram(ctx, payload, options),
};
