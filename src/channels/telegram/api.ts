import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { failed } from '../http/outcome.ts';
import { sendInParts } from '../http/send-in-parts.ts';
import type { ChannelApi } from '../channel-definition.ts';
import type { OutboundMedia, OutboundMessage, PlatformCallContext, SendResult } from '../types.ts';
import { describeLimit, fitsLimit, type TextLimit } from '../../text/text-limits.ts';
import { callBotApi, callBotApiWithFile, parseResult, TELEGRAM_API_URL, type BotApiCall, type UploadedFile } from './bot-api-client.ts';
import type { TelegramCredentials } from './credentials.ts';
import { messageExternalId, parseMessageExternalId } from './external-ids.ts';
import { inlineKeyboard, telegramInteractive } from './keyboards.ts';

/**
 * Sending through the Bot API (https://core.telegram.org/bots/api#available-methods): text with
 * sendMessage, attachments with sendPhoto, sendVideo, sendVoice, sendAudio and sendDocument by
 * URL (Telegram fetches snorq's signed media URL itself) or, past Telegram's by-link limits,
 * uploaded in the request, replies with
 * `reply_parameters`. A bot may write to anyone who started it, at any time: no reply window.
 */

/** "Text of the message to be sent, 1-4096 characters after entities parsing"; counted in UTF-16 units (never fewer than characters). */
export const TELEGRAM_TEXT_LIMIT: TextLimit = { max: 4096, unit: 'utf16' };
/** "Photo caption … 0-1024 characters after entities parsing"; longer text follows the file as a message of its own. */
export const TELEGRAM_CAPTION_LIMIT: TextLimit = { max: 1024, unit: 'utf16' };

const SentMessageSchema = z.looseObject({ message_id: z.number().int(), chat: z.looseObject({ id: z.number().int() }) });

/** The Bot API call of a channel: its bot token and the configured API host (TELEGRAM_API_URL). */
export function botApiCall(call: PlatformCallContext<TelegramCredentials>): BotApiCall {
  const urls: Record<string, string | undefined> = call.urls;
  return { apiUrl: urls['telegram'] ?? TELEGRAM_API_URL, botToken: call.credentials.botToken, timeoutMs: call.timeoutMs };
}

const local = (code: 'MESSAGE_TOO_LONG' | 'TEMPLATE_INVALID', reason: string): SendResult => failed({ code, reason, retryable: false, platformCode: 'local_check' });

/** The send adapter's `send`: a channel's reply, through its bot. */
export async function sendFromChannel(call: PlatformCallContext<TelegramCredentials>, message: OutboundMessage): Promise<SendResult> {
  return sendTelegram(botApiCall(call), message);
}

export async function sendTelegram(call: BotApiCall, message: OutboundMessage): Promise<SendResult> {
  const { text, media } = message;
  if (message.template) return local('TEMPLATE_INVALID', 'Telegram has no message templates; a bot may write to anyone who started it at any time.');
  if (!text && !media) throw new Error('Telegram send needs text or media');
  if (text && !fitsLimit(TELEGRAM_TEXT_LIMIT, text)) return local('MESSAGE_TOO_LONG', `The text is longer than Telegram allows (${describeLimit(TELEGRAM_TEXT_LIMIT)}); shorten or split it.`);
  const chatId = message.recipientId;
  const reply = replyParameters(chatId, message.replyToExternalId);
  if (!media) return sendMessage(call, 'sendMessage', { chat_id: chatId, text, ...reply, ...inlineKeyboard(message.interactive) });

  const captioned = text !== undefined && text !== '' && fitsLimit(TELEGRAM_CAPTION_LIMIT, text);
  const parts: Array<() => Promise<SendResult>> = [() => sendAttachment(call, media, mediaRequest(chatId, media, captioned ? text : undefined, reply))];
  if (text && !captioned) parts.push(() => sendMessage(call, 'sendMessage', { chat_id: chatId, text }));
  return sendInParts(parts);
}

/**
 * The method and parameters that send one attachment by URL. A voice message must be OGG/Opus,
 * MP3 or M4A; other audio goes as a music file (sendAudio: MP3/M4A) and anything else as a document.
 */
export function mediaRequest(chatId: string, media: OutboundMedia, caption: string | undefined, reply: Record<string, unknown>): [string, Record<string, unknown>] {
  const mime = media.mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  const [method, field] = mediaMethod(media.type, mime);
  const params: Record<string, unknown> = { chat_id: chatId, [field]: media.url, ...reply };
  if (caption !== undefined) params.caption = caption;
  return [method, params];
}

function mediaMethod(type: OutboundMedia['type'], mime: string): [string, string] {
  if (type === 'image') return ['sendPhoto', 'photo'];
  if (type === 'video') return mime === 'video/mp4' ? ['sendVideo', 'video'] : ['sendDocument', 'document'];
  if (type === 'audio' && (mime === 'audio/ogg' || mime === 'audio/opus')) return ['sendVoice', 'voice'];
  if (type === 'audio' && (mime === 'audio/mpeg' || mime === 'audio/mp4' || mime === 'audio/x-m4a' || mime === 'audio/m4a')) return ['sendAudio', 'audio'];
  return ['sendDocument', 'document'];
}

const MB = 1_048_576;
/** "5 MB max size for photos and 20 MB max for other types of content" when Telegram fetches a URL. */
export const TELEGRAM_BY_LINK_LIMIT = { photo: 5 * MB, other: 20 * MB };
/** Uploaded with the request: "The photo must be at most 10 MB in size"; other files up to 50 MB. */
export const TELEGRAM_UPLOAD_LIMIT = { photo: 10 * MB, other: 50 * MB };

/**
 * One attachment: by its URL when Telegram will fetch it (size unknown, or within the by-link
 * limit), else uploaded in the request from the stored file. A file too big for either is refused
 * here with the reason, instead of the vague "failed to get HTTP URL content" Telegram would give.
 */
async function sendAttachment(call: BotApiCall, media: OutboundMedia, [method, params]: [string, Record<string, unknown>]): Promise<SendResult> {
  const field = method === 'sendPhoto' ? 'photo' : 'other';
  if (media.size === undefined || media.size <= TELEGRAM_BY_LINK_LIMIT[field]) return sendMessage(call, method, params);
  const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
  if (media.size > TELEGRAM_UPLOAD_LIMIT[field] || !media.localPath) {
    const limit = media.localPath ? TELEGRAM_UPLOAD_LIMIT[field] : TELEGRAM_BY_LINK_LIMIT[field];
    return failed({
      code: 'MEDIA_UPLOAD_FAILED',
      reason: `Telegram takes ${field === 'photo' ? 'photos' : 'files'} of at most ${mb(limit)} from snorq; this one is ${(media.size / MB).toFixed(1)} MB.`,
      retryable: false,
      platformCode: 'local_check',
    });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(media.localPath);
  } catch {
    return failed({ code: 'MEDIA_UPLOAD_FAILED', reason: 'snorq could not read the stored attachment to upload it to Telegram.', retryable: false, platformCode: 'local_file' });
  }
  // sendPhoto → photo, sendDocument → document …: the method names its file field.
  const fileField = method.slice('send'.length).toLowerCase();
  const { [fileField]: _url, ...rest } = params;
  // An upload of up to 50 MB gets a second per MB on top of the call timeout: the bytes must travel before Telegram can answer.
  const uploading = { ...call, timeoutMs: call.timeoutMs + Math.ceil(bytes.length / MB) * 1000 };
  return sendMessage(uploading, method, rest, { field: fileField, bytes, filename: media.filename ?? path.basename(media.localPath), mimeType: media.mimeType });
}

/**
 * `reply_parameters` naming the message in this chat; `allow_sending_without_reply` so a reply to
 * a message the customer deleted still goes out, as a plain message.
 */
function replyParameters(chatId: string, replyTo: string | undefined): Record<string, unknown> {
  const target = replyTo === undefined ? undefined : parseMessageExternalId(replyTo);
  if (!target || target.chatId !== chatId) return {};
  return { reply_parameters: { message_id: target.messageId, allow_sending_without_reply: true } };
}

async function sendMessage(call: BotApiCall, method: string, params: Record<string, unknown>, file?: UploadedFile): Promise<SendResult> {
  const res = file ? await callBotApiWithFile(call, method, params, file) : await callBotApi(call, method, params);
  if (!res.ok) return res;
  const sent = parseResult(SentMessageSchema, res.value);
  return sent.ok ? { ok: true, externalId: messageExternalId(sent.value.chat.id, sent.value.message_id) } : sent;
}

/**
 * setMessageReaction (https://core.telegram.org/bots/api#setmessagereaction): a bot sets at most
 * one reaction, `[{type: "emoji", emoji}]`, from the emoji Telegram lists for ReactionTypeEmoji;
 * an empty list removes it. The chat and message come from snorq's `<chat id>:<message id>`.
 */
const react: NonNullable<ChannelApi<TelegramCredentials>['react']> = async (call, t) => {
  const target = parseMessageExternalId(t.externalId);
  if (!target) return failed({ code: 'UNKNOWN_PLATFORM_ERROR', reason: 'This message has no Telegram id to react to.', retryable: false, platformCode: 'local_check' });
  const reaction = t.emoji === null ? [] : [{ type: 'emoji', emoji: t.emoji }];
  const res = await callBotApi(botApiCall(call), 'setMessageReaction', { chat_id: target.chatId, message_id: target.messageId, reaction });
  return res.ok ? { ok: true } : res;
};

/** sendChatAction `typing` (https://core.telegram.org/bots/api#sendchataction): shown for 5 s or until the bot's next message. */
const typing: NonNullable<ChannelApi<TelegramCredentials>['typing']> = async (call, t) => {
  const res = await callBotApi(botApiCall(call), 'sendChatAction', { chat_id: t.recipientId, action: 'typing' });
  return res.ok ? { ok: true } : res;
};

/**
 * A few of the emoji ReactionTypeEmoji allows (the Bot API lists every one; any other is
 * REACTION_INVALID). Telegram's heart is U+2764 without the emoji variation selector.
 */
const REACTION_CHOICES = ['\u{1F44D}', '\u2764', '\u{1F525}', '\u{1F601}', '\u{1F622}', '\u{1F64F}'];

/** The api section of Telegram's definition: sends, typing and reactions (no read receipts for bots, no templates). */
export const telegramApi: ChannelApi<TelegramCredentials> = {
  platform: 'telegram',
  send: sendFromChannel,
  mediaTypes: ['image', 'video', 'audio', 'file'],
  // Ogg/Opus goes through sendVoice (mediaMethod above).
  voiceNotes: 'voice',
  typing,
  react,
  reactionChoices: REACTION_CHOICES,
  // Buttons as an inline keyboard; the tap comes back as a callback_query (keyboards.ts).
  interactive: telegramInteractive(TELEGRAM_TEXT_LIMIT),
};
