import crypto from 'node:crypto';
import type { SimContext } from '../context.ts';
import type { CustomerIdentity } from '../types.ts';

/**
 * What the simulated Telegram remembers beside the simulator's shared stores: each bot's webhook
 * (kept across `reset()`, like the accounts: snorq set it and would not set it again), the
 * private chats customers opened with a bot, and the message ids of each chat. In a private chat
 * one counter numbers the messages of both sides, from 1 (`countFrom` in the sandbox, whose chats
 * this run has forgotten while snorq has not).
 */
export interface BotWebhook {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
  lastErrorDate?: number;
  lastErrorMessage?: string;
  /** Updates waiting while no webhook is set or while deliveries fail (Telegram keeps them 24 h). */
  pending: Record<string, unknown>[];
}

export interface TelegramChatState {
  /** The customer's user id, which is the private chat's id. */
  id: number;
  customer: CustomerIdentity;
  nextMessageId: number;
  /** Message ids that exist in the chat (for reply_parameters). */
  messageIds: Set<number>;
}

export interface TelegramState {
  webhooks: Map<string, BotWebhook>;
  /** `<bot id>:<chat id>` → chat. */
  chats: Map<string, TelegramChatState>;
  nextUpdateId: Map<string, number>;
}

const states = new WeakMap<SimContext, TelegramState>();

export function telegramState(ctx: SimContext): TelegramState {
  let state = states.get(ctx);
  if (!state) {
    state = { webhooks: new Map(), chats: new Map(), nextUpdateId: new Map() };
    states.set(ctx, state);
  }
  return state;
}

export function webhookOf(ctx: SimContext, botId: string): BotWebhook {
  const state = telegramState(ctx);
  let webhook = state.webhooks.get(botId);
  if (!webhook) {
    webhook = { url: '', pending: [] };
    state.webhooks.set(botId, webhook);
  }
  return webhook;
}

export function findChat(ctx: SimContext, botId: string, chatId: string | number): TelegramChatState | undefined {
  return telegramState(ctx).chats.get(`${botId}:${chatId}`);
}

/** The customer writes to the bot: their private chat exists from then on (the bot may answer). */
export function openChat(ctx: SimContext, botId: string, customer: CustomerIdentity): TelegramChatState {
  const id = telegramUserId(customer.id);
  const key = `${botId}:${id}`;
  const state = telegramState(ctx);
  let chat = state.chats.get(key);
  if (!chat) {
    chat = { id, customer, nextMessageId: ctx.options.countFrom, messageIds: new Set() };
    state.chats.set(key, chat);
  }
  chat.customer = { ...chat.customer, ...customer };
  return chat;
}

/**
 * A Telegram user id is a positive integer. Tests that name customers for every platform alike
 * (`kim-1`) get a stable number of their own, so the same name is always the same person.
 */
export function telegramUserId(customerId: string): number {
  if (/^\d{1,15}$/.test(customerId) && Number(customerId) > 0) return Number(customerId);
  return 1_000_000_000 + (crypto.createHash('sha256').update(customerId).digest().readUInt32BE(0) % 1_000_000_000);
}

export function findChatOf(ctx: SimContext, botId: string, customerId: string): TelegramChatState | undefined {
  return findChat(ctx, botId, telegramUserId(customerId));
}

export function nextMessageId(chat: TelegramChatState): number {
  const id = chat.nextMessageId++;
  chat.messageIds.add(id);
  return id;
}

export function nextUpdateId(ctx: SimContext, botId: string): number {
  const state = telegramState(ctx);
  // Telegram's update ids are large and increase by one.
  const id = state.nextUpdateId.get(botId) ?? 650_208_700 + Math.floor(Math.random() * 1000);
  state.nextUpdateId.set(botId, id + 1);
  return id;
}
