import crypto from 'node:crypto';
import type { SimContext } from '../context.ts';
import { SimulatorUsageError } from '../customers/built-event.ts';
import type { SimAccount } from '../types.ts';
import type { Refusal } from './answers.ts';
import { botUser, customerUser, privateChat } from './telegram-objects.ts';
import type { TelegramChatState } from './telegram-state.ts';

/**
 * Inline keyboards as the Bot API takes and hands them back
 * (https://core.telegram.org/bots/api#inlinekeyboardmarkup, #callbackquery, #answercallbackquery).
 * The wording of each refusal is Telegram's as integrations log it: "BUTTON_DATA_INVALID" for
 * `callback_data` outside 1-64 bytes (jehy/telegram-test-api#62, python-telegram-bot#528), "can't
 * parse inline keyboard button: Text buttons are unallowed in the inline keyboard" for a button
 * that does nothing, "…Can't find field \"text\"" for one without a label, "reply markup is too
 * long" past 100 buttons (pyTelegramBotAPI#511), and for a query answered late or twice "query is
 * too old and response timeout expired or query ID is invalid". The simulator keeps each sent
 * keyboard with its message, so a customer taps only what is there.
 */

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export const KEYBOARD_REFUSALS = {
  markupJson: [400, "Bad Request: can't parse reply keyboard markup JSON object"],
  notArrays: [400, "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object"],
  noText: [400, 'Bad Request: can\'t parse inline keyboard button: Can\'t find field "text"'],
  textOnly: [400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"],
  dataInvalid: [400, 'Bad Request: BUTTON_DATA_INVALID'],
  tooLong: [400, 'Bad Request: reply markup is too long'],
  queryInvalid: [400, 'Bad Request: query is too old and response timeout expired or query ID is invalid'],
} as const satisfies Record<string, Refusal>;

const MAX_BUTTONS = 100;
const DATA_MAX_BYTES = 64;

/** `reply_markup` (an object, or its JSON text in a form): the inline keyboard, none, or a refusal. Other keyboards are taken and ignored. */
export function readInlineKeyboard(value: unknown): { keyboard?: InlineButton[][] } | { refusal: Refusal } {
  if (value === undefined) return {};
  let markup = value;
  if (typeof markup === 'string') {
    try {
      markup = JSON.parse(markup);
    } catch {
      return { refusal: KEYBOARD_REFUSALS.markupJson };
    }
  }
  if (!markup || typeof markup !== 'object' || Array.isArray(markup)) return { refusal: KEYBOARD_REFUSALS.markupJson };
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (rows === undefined) return {};
  if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row) && row.every((b) => b && typeof b === 'object' && !Array.isArray(b)))) return { refusal: KEYBOARD_REFUSALS.notArrays };
  const keyboard = rows as Record<string, unknown>[][];
  if (keyboard.flat().length > MAX_BUTTONS) return { refusal: KEYBOARD_REFUSALS.tooLong };
  for (const button of keyboard.flat()) {
    if (typeof button.text !== 'string') return { refusal: KEYBOARD_REFUSALS.noText };
    if (button.callback_data === undefined && button.url === undefined) return { refusal: KEYBOARD_REFUSALS.textOnly };
    const data = button.callback_data;
    if (data !== undefined && (typeof data !== 'string' || Buffer.byteLength(data, 'utf8') < 1 || Buffer.byteLength(data, 'utf8') > DATA_MAX_BYTES)) return { refusal: KEYBOARD_REFUSALS.dataInvalid };
  }
  return { keyboard: keyboard as unknown as InlineButton[][] };
}

interface SentKeyboard {
  text: string;
  date: number;
  keyboard: InlineButton[][];
}

/** Keyboards by `<bot id>:<chat id>:<message id>`, and queries waiting for their answer by id. */
const sent = new WeakMap<SimContext, Map<string, SentKeyboard>>();
const queries = new WeakMap<SimContext, Map<string, { answered: boolean }>>();
const mapOf = <V>(store: WeakMap<SimContext, Map<string, V>>, ctx: SimContext): Map<string, V> => {
  let map = store.get(ctx);
  if (!map) store.set(ctx, (map = new Map()));
  return map;
};

/** The sent keyboards as the state file keeps them (telegramMemory); queries are answered within a run. */
export function keyboardMemory(ctx: SimContext): { save(): [string, unknown][]; load(saved: [string, unknown][]): void } {
  return {
    save: () => [...mapOf(sent, ctx)],
    load: (saved) => sent.set(ctx, new Map(saved as [string, SentKeyboard][])),
  };
}

export function keepKeyboard(ctx: SimContext, botId: string, chat: TelegramChatState, messageId: number, keyboard: SentKeyboard): void {
  mapOf(sent, ctx).set(`${botId}:${chat.id}:${messageId}`, keyboard);
}

/**
 * The customer taps the button whose `callback_data` is `data` under the bot's message
 * `messageId`: the `callback_query` Telegram posts, naming the message with its keyboard.
 */
export function callbackQuery(ctx: SimContext, bot: SimAccount, chat: TelegramChatState, messageId: number, data: string): Record<string, unknown> {
  const kept = mapOf(sent, ctx).get(`${bot.accountId}:${chat.id}:${messageId}`);
  if (!kept) throw new SimulatorUsageError(`the bot's message ${messageId} in chat ${chat.id} has no inline keyboard`);
  if (!kept.keyboard.flat().some((b) => b.callback_data === data)) throw new SimulatorUsageError(`the keyboard of message ${messageId} has no button with callback_data '${data}'`);
  const id = String(crypto.randomInt(1, 2 ** 47));
  mapOf(queries, ctx).set(id, { answered: false });
  const message = { message_id: messageId, from: botUser(bot), chat: privateChat(chat), date: kept.date, text: kept.text, reply_markup: { inline_keyboard: kept.keyboard } };
  return { id, from: customerUser(chat), message, chat_instance: String(-chat.id * 7919), data };
}

/** answerCallbackQuery: once per query; an unknown or answered one is refused. */
export function answerQuery(ctx: SimContext, id: unknown): Refusal | undefined {
  const query = typeof id === 'string' || typeof id === 'number' ? mapOf(queries, ctx).get(String(id)) : undefined;
  if (!query || query.answered) return KEYBOARD_REFUSALS.queryInvalid;
  query.answered = true;
  return undefined;
}

/** Whether the query was answered (by a call, or in the webhook's response). */
export function queryAnswered(ctx: SimContext, id: string): boolean {
  return mapOf(queries, ctx).get(id)?.answered ?? false;
}
