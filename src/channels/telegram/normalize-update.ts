import { MalformedWebhookError, type ContactRef, type EditEvent, type MessageEvent, type NormalizedEvent } from '../types.ts';
import { messageExternalId } from './external-ids.ts';
import { callbackQueryEvent } from './keyboards.ts';
import { readContent } from './message-content.ts';
import { MessageSchema, UPDATE_TYPES, UpdateSchema, type TelegramChat, type TelegramMessage } from './update-schemas.ts';
import type { TelegramMetadata } from './metadata.ts';

/**
 * Telegram webhook body → events. Pure: no I/O, no clock. Telegram posts one `Update` per request
 * (https://core.telegram.org/bots/api#setwebhook); the update never names the bot it is for, so
 * `botId` (the routing id, the number before the colon of the bot token) comes from the URL snorq
 * registered with setWebhook.
 *
 * Handled: `message`, `edited_message` and a button's `callback_query` in a private chat with the bot. Every other update
 * becomes an `unknown` event (journalled), every message content snorq cannot read an
 * `unsupported` message with the message as received. Nothing here throws for a well-formed JSON
 * body; only a body that is not a JSON object is malformed (400).
 */
export function normalizeTelegramBody(rawBody: Buffer, contentType: string | undefined, botId: string | undefined): NormalizedEvent[] {
  if (contentType !== undefined && !/json/i.test(contentType)) throw new MalformedWebhookError(`Telegram webhooks are JSON, got ${contentType}`);
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new MalformedWebhookError('Telegram webhook body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MalformedWebhookError('Telegram webhook body is not an Update object');
  // Without the bot it was sent to, the update cannot be routed: journalled as unrouted.
  if (botId === undefined) return [{ kind: 'unknown', reason: 'a Telegram update whose webhook URL named no bot', raw: body }];
  return [normalizeUpdate(body as Record<string, unknown>, botId)];
}

export function normalizeUpdate(body: Record<string, unknown>, botId: string): NormalizedEvent {
  const update = UpdateSchema.safeParse(body);
  if (!update.success) return { kind: 'unknown', accountId: botId, reason: 'not a Telegram Update (no update_id)', raw: body };
  if (body.message !== undefined) return messageUpdate(body.message, botId, body);
  if (body.edited_message !== undefined) return editUpdate(body.edited_message, botId, body);
  if (body.callback_query !== undefined) return callbackQueryEvent(body.callback_query, botId, body);
  const type = UPDATE_TYPES.find((t) => body[t] !== undefined);
  const reason = type ? `Telegram ${type} updates are not handled` : 'a Telegram update of a type snorq does not know';
  return { kind: 'unknown', accountId: botId, reason, raw: body };
}

function messageUpdate(value: unknown, botId: string, raw: unknown): NormalizedEvent {
  const parsed = MessageSchema.safeParse(value);
  if (!parsed.success) return { kind: 'unknown', accountId: botId, reason: 'Telegram message without message_id, date or chat', raw };
  const message = parsed.data;
  const notPrivate = notPrivateChat(message.chat, botId, raw);
  if (notPrivate) return notPrivate;

  const content = readContent(value as Record<string, unknown>);
  const event: MessageEvent = {
    kind: 'message',
    accountId: botId,
    externalId: messageExternalId(message.chat.id, message.message_id),
    direction: 'inbound',
    contact: contactOf(message),
    timestamp: message.date * 1000,
    contentType: content.contentType,
  };
  if (content.text !== undefined) event.text = content.text;
  if (content.media) event.media = content.media;
  if (content.location) event.location = content.location;
  if (content.contacts) event.contacts = content.contacts;
  if (message.reply_to_message) event.replyToExternalId = messageExternalId(message.chat.id, message.reply_to_message.message_id);
  const metadata = { ...content.metadata, ...messageFacts(message) };
  if (Object.keys(metadata).length > 0) event.metadata = metadata;
  if (event.contentType === 'unsupported') event.raw = value;
  return event;
}

/**
 * The customer edited a message: new text, or the new caption of a photo, video or file. An edit
 * with neither (a live location moving, media replaced) is journalled, not shown.
 */
function editUpdate(value: unknown, botId: string, raw: unknown): NormalizedEvent {
  const parsed = MessageSchema.safeParse(value);
  if (!parsed.success) return { kind: 'unknown', accountId: botId, reason: 'Telegram edited_message without message_id, date or chat', raw };
  const message = parsed.data;
  const notPrivate = notPrivateChat(message.chat, botId, raw);
  if (notPrivate) return notPrivate;
  const text = message.text ?? message.caption;
  if (text === undefined) return { kind: 'unknown', accountId: botId, reason: 'a Telegram edit without text or caption (a live location update or replaced media)', raw };
  const event: EditEvent = {
    kind: 'edit',
    accountId: botId,
    contact: contactOf(message),
    targetExternalId: messageExternalId(message.chat.id, message.message_id),
    text,
    timestamp: (message.edit_date ?? message.date) * 1000,
  };
  if (message.text === undefined) event.caption = true;
  return event;
}

/**
 * snorq is an inbox of conversations with customers: a bot's private chats. Groups, supergroups
 * and channels the bot was added to have many people in one chat and are journalled only.
 */
function notPrivateChat(chat: TelegramChat, botId: string, raw: unknown): NormalizedEvent | undefined {
  if (chat.type === 'private') return undefined;
  return { kind: 'unknown', accountId: botId, reason: `Telegram ${chat.type} chats are not handled (private chats with the bot only)`, raw };
}

/** In a private chat the chat id is the customer's user id, and it is what replies are sent to. */
function contactOf(message: TelegramMessage): ContactRef {
  const person = message.from ?? message.chat;
  const contact: ContactRef = { platformUserId: String(message.chat.id) };
  const name = [person.first_name, person.last_name].filter((part) => part !== undefined && part !== '').join(' ');
  if (name) contact.displayName = name;
  if (person.username) contact.username = person.username;
  return contact;
}

function messageFacts(message: TelegramMessage): TelegramMetadata {
  const facts: TelegramMetadata = {};
  // Photos sent together arrive as separate messages sharing this id.
  if (message.media_group_id) facts.mediaGroupId = message.media_group_id;
  if (message.forward_origin) facts.forwarded = true;
  if (message.from?.language_code) facts.languageCode = message.from.language_code;
  return facts;
}
