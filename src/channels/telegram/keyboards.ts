import { z } from 'zod';
import type { InteractiveContent, InteractiveLimits } from '../../text/interactive-limits.ts';
import type { TextLimit } from '../../text/text-limits.ts';
import type { ContactRef, MessageEvent, NormalizedEvent } from '../types.ts';
import { messageExternalId } from './external-ids.ts';
import { ChatSchema, Id, UserSchema } from './update-schemas.ts';
import type { TelegramMetadata } from './metadata.ts';

/**
 * Choices on Telegram as an inline keyboard under the bot's message
 * (https://core.telegram.org/bots/api#inlinekeyboardmarkup): one button a row, each a label and
 * `callback_data` of 1-64 bytes ("BUTTON_DATA_INVALID" otherwise). A tap is a `callback_query`
 * update naming the bot's message and the data; snorq keeps it as the customer's message with the
 * button's label, answering that message, and answers the query in the webhook's own response
 * (`answerCallbackQuery`, which stops the spinner on the customer's button). No lists.
 *
 * Telegram takes up to 100 buttons, 8 a row ("reply markup is too long" past that; not in the
 * reference, measured by integrators: tginfo/Telegram-Limits); snorq's API takes 20 choices. A
 * label has no documented limit; 64 characters is snorq's, as a longer one is cut on a phone.
 * The text the keyboard goes with is the message's own, with its limit.
 */
export function telegramInteractive(body: TextLimit): InteractiveLimits {
  return { buttons: { maxChoices: 20, titleMax: 64, idMax: 64, idUnit: 'bytes' }, list: null, body };
}

/** `reply_markup` for a message with choices, or nothing. */
export function inlineKeyboard(content: InteractiveContent | undefined): { reply_markup: { inline_keyboard: { text: string; callback_data: string }[][] } } | undefined {
  if (content?.kind !== 'buttons') return undefined;
  return { reply_markup: { inline_keyboard: content.choices.map((c) => [{ text: c.title, callback_data: c.id }]) } };
}

const ButtonSchema = z.looseObject({ text: z.string(), callback_data: z.string().optional() });
const CallbackQuerySchema = z.looseObject({
  id: z.string().min(1),
  from: UserSchema,
  data: z.string().optional(),
  message: z
    .looseObject({
      message_id: Id,
      chat: ChatSchema,
      reply_markup: z
        .looseObject({ inline_keyboard: z.array(z.array(ButtonSchema)) })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/**
 * A tap on a button: the customer's message `tap:<query id>` (unique per tap), whose text is the
 * button's label as the keyboard in the update shows it, answering the bot's message. A query
 * without data (a game) or without its message (older than 48 h, or from an inline message) is
 * journalled only. No date comes with it: the tap is stored when it arrives.
 */
export function callbackQueryEvent(value: unknown, botId: string, raw: unknown): NormalizedEvent {
  const parsed = CallbackQuerySchema.safeParse(value);
  if (!parsed.success || parsed.data.data === undefined || !parsed.data.message) {
    return { kind: 'unknown', accountId: botId, reason: 'a Telegram callback_query without data or without its message', raw };
  }
  const { id, from, data, message } = parsed.data;
  if (message.chat.type !== 'private') return { kind: 'unknown', accountId: botId, reason: `Telegram ${message.chat.type} chats are not handled (private chats with the bot only)`, raw };
  const label = message.reply_markup?.inline_keyboard.flat().find((b) => b.callback_data === data)?.text;
  const contact: ContactRef = { platformUserId: String(message.chat.id) };
  const name = [from.first_name, from.last_name].filter((part) => part !== undefined && part !== '').join(' ');
  if (name) contact.displayName = name;
  if (from.username) contact.username = from.username;
  const metadata: TelegramMetadata = { callbackData: data };
  if (from.language_code) metadata.languageCode = from.language_code;
  const event: MessageEvent = {
    kind: 'message',
    accountId: botId,
    externalId: `tap:${id}`,
    direction: 'inbound',
    contact,
    contentType: 'text',
    text: label ?? data,
    replyToExternalId: messageExternalId(message.chat.id, message.message_id),
    metadata,
  };
  return event;
}

/**
 * The webhook's answer to an update: for a button's tap, the Bot API call that acknowledges it
 * (https://core.telegram.org/bots/api#making-requests-when-getting-updates), so the customer's
 * button stops spinning without a call of its own; for anything else Telegram reads only the status.
 */
export function webhookAnswer(rawBody: Buffer): { contentType: string; body: string } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
  const query = (body as { callback_query?: { id?: unknown } } | null)?.callback_query;
  if (typeof query?.id !== 'string' || query.id === '') return undefined;
  return { contentType: 'application/json', body: JSON.stringify({ method: 'answerCallbackQuery', callback_query_id: query.id }) };
}
