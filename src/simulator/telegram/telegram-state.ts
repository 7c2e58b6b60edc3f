import crypto from 'node:crypto';
import { z } from 'zod';
import type { SimContext } from '../context.ts';
import type { StateSection } from '../state/state-file.ts';
import type { CustomerIdentity } from '../types.ts';

/**
 * What the simulated Telegram remembers beside the simulator's shared stores: each bot's webhook
 * (kept across `reset()`, like the accounts: snorq set it and would not set it again), the
 * private chats customers opened with a bot, and the message ids of each chat. In a private chat
 * one counter numbers the messages of both sides, from 1 (`countFrom` for a chat a state file
 * did not hold: see SimulatorOptions.countFrom). With a state file all of it outlives a run
 * (`telegramMemory`).
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
  /**
   * Ids below this one may have been given: the state file holds it before any of them is
   * (`nextMessageId`), so a run that dies without its last write never gives one twice.
   */
  reservedTo: number;
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
    chat = { id, customer, nextMessageId: ctx.options.countFrom, reservedTo: ctx.options.countFrom, messageIds: new Set() };
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

/** How many ids one write of the state file reserves in a chat. */
const RESERVED_AT_ONCE = 100;

/**
 * The chat's next message id. snorq stores each id it is given and takes a repeated one for a
 * duplicate: before an id past the reservation is given, the reservation grows and the state
 * file is written (at once, not debounced), so a restart after a crash resumes past it.
 */
export function nextMessageId(ctx: SimContext, chat: TelegramChatState): number {
  if (chat.nextMessageId >= chat.reservedTo) {
    chat.reservedTo = chat.nextMessageId + RESERVED_AT_ONCE;
    ctx.state.saveNow();
  }
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

/**
 * Telegram's part of the state file (state/state-file.ts): webhooks with their pending updates,
 * chats with their customers, message ids and counters, update ids, and the inline keyboards of
 * sent messages (a customer may tap one after a restart). A chat's counter is saved as its
 * reservation, which an orderly stop gives back (`final`): after it the next id follows the last.
 */
export function telegramMemory(ctx: SimContext, keyboards: { save(): [string, unknown][]; load(saved: [string, unknown][]): void }): StateSection<SavedTelegram> {
  return {
    schema: SavedTelegram,
    save: (final) => {
      const state = telegramState(ctx);
      const chats = [...state.chats].map(([key, chat]) => {
        if (final) chat.reservedTo = chat.nextMessageId;
        return [key, { id: chat.id, customer: chat.customer, next: chat.reservedTo, messageIds: [...chat.messageIds] }] as [string, SavedChat];
      });
      return { webhooks: [...state.webhooks], chats, nextUpdateId: [...state.nextUpdateId], keyboards: keyboards.save() };
    },
    load: (saved) => {
      const state = telegramState(ctx);
      state.webhooks = new Map(saved.webhooks as [string, BotWebhook][]);
      state.chats = new Map(saved.chats.map(([key, c]) => [key, { id: c.id, customer: c.customer as CustomerIdentity, nextMessageId: c.next, reservedTo: c.next, messageIds: new Set(c.messageIds) }]));
      state.nextUpdateId = new Map(saved.nextUpdateId);
      keyboards.load(saved.keyboards);
    },
  };
}

const SavedChat = z.object({ id: z.number().int().positive(), customer: z.looseObject({ id: z.string() }), next: z.number().int().positive(), messageIds: z.array(z.number().int()) });
type SavedChat = z.infer<typeof SavedChat>;
const SavedTelegram = z.object({
  webhooks: z.array(
    z.tuple([
      z.string(),
      z.object({
        url: z.string(),
        secretToken: z.string().optional(),
        allowedUpdates: z.array(z.string()).optional(),
        lastErrorDate: z.number().optional(),
        lastErrorMessage: z.string().optional(),
        pending: z.array(z.record(z.string(), z.unknown())),
      }),
    ]),
  ),
  chats: z.array(z.tuple([z.string(), SavedChat])),
  nextUpdateId: z.array(z.tuple([z.string(), z.number().int()])),
  keyboards: z.array(z.tuple([z.string(), z.unknown()])),
});
type SavedTelegram = z.infer<typeof SavedTelegram>;
