import type { FastifyReply } from 'fastify';
import type { SimContext } from '../context.ts';
import { audioFormat } from '../state/audio-format.ts';
import type { StoredMedia } from '../state/media.ts';
import type { SimAccount } from '../types.ts';
import { ok, refuseWith, REFUSALS, type Refusal } from './answers.ts';
import { DOWNLOAD_LIMIT } from './bot-methods.ts';
import { answerQuery, keepKeyboard, readInlineKeyboard } from './keyboards.ts';
import type { MethodCall } from './routes.ts';
import { botUser, fileFields, photoSizes, privateChat, repliedMessage, storeFile, type FileKind } from './telegram-objects.ts';
import { findChat, nextMessageId, type TelegramChatState } from './telegram-state.ts';

/**
 * sendMessage and sendPhoto/sendDocument/sendVoice/sendVideo/sendAudio
 * (https://core.telegram.org/bots/api#sendmessage and following). A bot reaches only people who
 * started it (any other chat id is "chat not found"). Text is
 * 1-4096 characters, a caption at most 1024 (counted in UTF-16 units). A file is a file_id this
 * bot knows, an HTTP URL Telegram fetches (photos up to 5 MB, other files 20 MB), or uploaded
 * as multipart (photos up to 10 MB, other files 50 MB: "Sending files", Bot API reference).
 */

type MediaKind = 'photo' | 'document' | 'voice' | 'video' | 'audio';

const TEXT_MAX = 4096;
const CAPTION_MAX = 1024;
const URL_LIMIT: Record<MediaKind, number> = { photo: 5 * 1_048_576, document: DOWNLOAD_LIMIT, voice: DOWNLOAD_LIMIT, video: DOWNLOAD_LIMIT, audio: DOWNLOAD_LIMIT };
/** "The photo must be at most 10 MB in size"; other uploads are capped by the request's 50 MB (routes.ts). */
export const PHOTO_UPLOAD_LIMIT = 10 * 1_048_576;

export function sendMessage(call: MethodCall): FastifyReply {
  const target = resolveTarget(call);
  if ('refusal' in target) return refuseWith(call.reply, target.refusal);
  const text = call.params.text;
  if (typeof text !== 'string' || text.trim() === '') return refuseWith(call.reply, REFUSALS.textEmpty);
  if (text.length > TEXT_MAX) return refuseWith(call.reply, REFUSALS.textTooLong);
  const markup = readInlineKeyboard(call.params.reply_markup);
  if ('refusal' in markup) return refuseWith(call.reply, markup.refusal);
  const message = record(call.ctx, call.bot, target, { text }, text);
  if (!markup.keyboard) return ok(call.reply, message);
  keepKeyboard(call.ctx, call.bot.accountId, target.chat, message.message_id as number, { text, date: message.date as number, keyboard: markup.keyboard });
  return ok(call.reply, { ...message, reply_markup: { inline_keyboard: markup.keyboard } });
}

/** answerCallbackQuery (https://core.telegram.org/bots/api#answercallbackquery): once per tap, with an optional notification text. */
export function answerCallbackQuery(call: MethodCall): FastifyReply {
  const refusal = answerQuery(call.ctx, call.params.callback_query_id);
  return refusal ? refuseWith(call.reply, refusal) : ok(call.reply, true);
}

export async function sendMedia(call: MethodCall, kind: MediaKind): Promise<FastifyReply> {
  const target = resolveTarget(call);
  if ('refusal' in target) return refuseWith(call.reply, target.refusal);
  const caption = call.params.caption;
  if (caption !== undefined && (typeof caption !== 'string' || caption.length > CAPTION_MAX)) return refuseWith(call.reply, REFUSALS.captionTooLong);
  const file = await fileOf(call, kind);
  if ('refusal' in file) return refuseWith(call.reply, file.refusal);
  const body = mediaBody(call.ctx, call.bot, kind, file.media, call.params);
  if (typeof caption === 'string' && caption !== '') body.caption = caption;
  return ok(call.reply, record(call.ctx, call.bot, target, body, typeof caption === 'string' ? caption : undefined, file.media));
}

interface Target {
  chat: TelegramChatState;
  replyTo?: number;
}

function resolveTarget({ ctx, bot, params }: MethodCall): Target | { refusal: Refusal } {
  const chatId = params.chat_id;
  if (chatId === undefined || chatId === '') return { refusal: REFUSALS.chatIdEmpty };
  const chat = typeof chatId === 'string' || typeof chatId === 'number' ? findChat(ctx, bot.accountId, String(chatId)) : undefined;
  if (!chat) return { refusal: REFUSALS.chatNotFound };
  const reply = replyParameters(params);
  if (reply === 'bad') return { refusal: REFUSALS.badReplyParameters };
  if (!reply) return { chat };
  if (chat.messageIds.has(reply.messageId)) return { chat, replyTo: reply.messageId };
  return reply.allowWithout ? { chat } : { refusal: REFUSALS.replyNotFound };
}

/** `reply_parameters` (an object, or its JSON text in a form), or the older `reply_to_message_id`. */
function replyParameters(params: Record<string, unknown>): { messageId: number; allowWithout: boolean } | undefined | 'bad' {
  let value = params.reply_parameters;
  if (value === undefined) {
    const legacy = Number(params.reply_to_message_id);
    return params.reply_to_message_id === undefined ? undefined : Number.isSafeInteger(legacy) ? { messageId: legacy, allowWithout: params.allow_sending_without_reply === true } : 'bad';
  }
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return 'bad';
    }
  }
  if (typeof value !== 'object' || value === null) return 'bad';
  const { message_id: messageId, allow_sending_without_reply: allowWithout } = value as Record<string, unknown>;
  if (typeof messageId !== 'number' || !Number.isSafeInteger(messageId)) return 'bad';
  return { messageId, allowWithout: allowWithout === true };
}

const FILE_KIND: Record<MediaKind, FileKind> = { photo: 'photo', document: 'document', voice: 'voice', video: 'video', audio: 'audio' };

/** The file a send names: uploaded in the request, a file_id of this bot's, or a URL fetched now. */
async function fileOf(call: MethodCall, kind: MediaKind): Promise<{ media: StoredMedia } | { refusal: Refusal }> {
  const { ctx, bot, params, files } = call;
  const value = params[kind];
  const attached = typeof value === 'string' && value.startsWith('attach://') ? value.slice('attach://'.length) : kind;
  const upload = files.find((f) => f.field === attached);
  if (upload) {
    if (upload.bytes.length === 0) return { refusal: REFUSALS.emptyFile };
    if (kind === 'photo' && upload.bytes.length > PHOTO_UPLOAD_LIMIT) return { refusal: REFUSALS.photoTooBig };
    if (kind === 'voice' && !playsAsVoice(upload.bytes)) return { refusal: REFUSALS.wrongContentType };
    return { media: storeFile(ctx, bot, FILE_KIND[kind], upload.bytes, upload.contentType || 'application/octet-stream', upload.filename) };
  }
  if (typeof value !== 'string' || value === '') return { refusal: [400, `Bad Request: there is no ${kind} in the request`] };
  if (!/^https?:\/\//i.test(value)) {
    const known = ctx.media.byId(value);
    return known && known.platform === 'telegram' && known.accountId === bot.accountId ? { media: known } : { refusal: REFUSALS.wrongFile };
  }
  const fetched = await fetchUrl(ctx, value, URL_LIMIT[kind]);
  if (!fetched) return { refusal: REFUSALS.urlUnreachable };
  if (kind === 'voice' && (!VOICE_TYPES.includes(fetched.mimeType) || !playsAsVoice(fetched.bytes))) return { refusal: REFUSALS.wrongContentType };
  return { media: storeFile(ctx, bot, FILE_KIND[kind], fetched.bytes, fetched.mimeType, new URL(value).pathname.split('/').pop() || undefined) };
}

/**
 * sendVoice: "audio must be in an .OGG file encoded with OPUS, or in .MP3 format, or in .M4A
 * format (other formats may be sent as Audio or Document)"; by URL "the file must have the type
 * audio/ogg" (Bot API, sendVoice and "Sending files"). An OGG of another codec, or a WebM
 * recording, is refused.
 */
const VOICE_TYPES = ['audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/x-m4a', 'audio/m4a'];
const playsAsVoice = (bytes: Buffer) => ['ogg/opus', 'mp3', 'mp4'].includes(audioFormat(bytes));

/**
 * Telegram downloads a URL it is given when the message is sent: a link it cannot fetch fails the
 * send. snorq's public address is reached where snorq listens, as webhooks are.
 */
async function fetchUrl(ctx: SimContext, raw: string, maxBytes: number): Promise<{ bytes: Buffer; mimeType: string } | undefined> {
  const pub = ctx.options.publicWebhookBaseUrl;
  const url = raw.startsWith(pub) ? `${ctx.options.webhookBaseUrl}${raw.slice(pub.length)}` : raw;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return undefined;
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length === 0 || bytes.length > maxBytes) return undefined;
    return { bytes, mimeType: res.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream' };
  } catch {
    return undefined;
  }
}

/**
 * The file object of the sent message with the fields the reference requires of it: Video has
 * width, height and duration, Audio and Voice a duration (the sender's values when given, else
 * what Telegram would read from a short clip); a voice note has no file name.
 */
function mediaBody(ctx: SimContext, bot: SimAccount, kind: MediaKind, media: StoredMedia, params: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'photo') return { photo: photoSizes(ctx, bot, media) };
  const file: Record<string, unknown> = { ...fileFields(media), mime_type: media.mimeType };
  if (kind !== 'voice' && media.filename) file.file_name = media.filename;
  if (kind !== 'document') file.duration = whole(params.duration, 1);
  if (kind === 'video') Object.assign(file, { width: whole(params.width, 640), height: whole(params.height, 360) });
  if (kind === 'audio') {
    if (typeof params.performer === 'string') file.performer = params.performer;
    if (typeof params.title === 'string') file.title = params.title;
  }
  return { [kind]: file };
}

/** An Integer parameter as sent (a number in JSON, text in a form), or the fallback. */
function whole(value: unknown, fallback: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : fallback;
}

/** The sent message, remembered in the chat (the customer received it) and answered as a Message. */
function record(ctx: SimContext, bot: SimAccount, target: Target, body: Record<string, unknown>, text: string | undefined, media?: StoredMedia): Record<string, unknown> {
  const { chat } = target;
  const messageId = nextMessageId(ctx, chat);
  const at = ctx.now();
  const conv = ctx.conversations.ensure('telegram', bot.accountId, chat.customer, at);
  const type = Object.keys(body)[0] ?? 'document';
  const attachments = media ? [{ type, mediaId: media.id, mimeType: media.mimeType, ...(media.filename && { filename: media.filename }), ...(type === 'voice' && { voice: true }) }] : undefined;
  ctx.conversations.add(conv, {
    id: `${chat.id}:${messageId}`,
    platform: 'telegram',
    accountId: bot.accountId,
    customerId: String(chat.id),
    direction: 'outbound',
    timestamp: at,
    text,
    attachments,
    data: target.replyTo === undefined ? {} : { replyTo: target.replyTo },
  });
  const message: Record<string, unknown> = { message_id: messageId, from: botUser(bot), chat: privateChat(chat), date: Math.floor(at / 1000), ...body };
  if (target.replyTo !== undefined) message.reply_to_message = repliedMessage(ctx, bot, chat, target.replyTo);
  return message;
}
