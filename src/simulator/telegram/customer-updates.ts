import type { SimContext } from '../context.ts';
import { SimulatorUsageError } from '../customers/built-event.ts';
import { oggOpusSeconds } from '../state/audio-format.ts';
import { callbackQuery } from './keyboards.ts';
import { sampleMedia } from '../state/sample-media.ts';
import type { CustomerMessage, CustomerMedia, SimAccount } from '../types.ts';
import { customerUser, fileFields, photoSizes, privateChat, repliedMessage, storeFile, type FileKind } from './telegram-objects.ts';
import { nextMessageId, nextUpdateId, openChat, type TelegramChatState } from './telegram-state.ts';

/**
 * What a customer does in a private chat with a bot, as the Update Telegram posts
 * (https://core.telegram.org/bots/api#update): a message of each kind, or an edit. The chat remembers the message ids, so the bot's replies can name them.
 */

type Obj = Record<string, unknown>;

/**
 * A tap on an inline keyboard's button is kind `tap` (a `callback_query`). Updates snorq does not
 * subscribe to (blocking the bot, reactions) are never posted to it (setWebhook `allowed_updates`);
 * tests post them with `sendRaw`, and a blocked customer is the `window_closed` fault (403).
 */
export const TELEGRAM_CUSTOMER_KINDS = ['text', 'image', 'file', 'voice', 'audio', 'video', 'video_note', 'sticker', 'location', 'venue', 'contact', 'edit', 'tap', 'unsupported'] as const;

export interface BuiltUpdate {
  update: Obj;
  /** `<chat id>:<message id>` for a message or an edit, as snorq names it. */
  externalId?: string;
}

export function buildCustomerUpdate(ctx: SimContext, account: SimAccount, input: CustomerMessage): BuiltUpdate {
  const kind: string = input.kind ?? (input.media ? mediaKind(input.media) : 'text');
  if (!(TELEGRAM_CUSTOMER_KINDS as readonly string[]).includes(kind)) throw new SimulatorUsageError(`telegram has no customer event kind '${kind}' (it has: ${TELEGRAM_CUSTOMER_KINDS.join(', ')})`);
  const chat = openChat(ctx, account.accountId, input.customer);
  const date = Math.floor((input.timestamp ?? ctx.now()) / 1000);
  const update_id = nextUpdateId(ctx, account.accountId);
  if (kind === 'edit') return editUpdate(chat, input, update_id, date);
  if (kind === 'tap') return tapUpdate(ctx, account, chat, input, update_id);
  const message_id = input.externalId ? Number(input.externalId.split(':').pop()) : nextMessageId(ctx, chat);
  const message: Obj = { message_id, from: customerUser(chat), chat: privateChat(chat), date, ...content(ctx, account, kind, input) };
  const replyTo = targetId(chat, input.replyTo);
  if (replyTo !== undefined) message.reply_to_message = repliedMessage(ctx, account, chat, replyTo);
  return { update: { update_id, message }, externalId: `${chat.id}:${message_id}` };
}

function editUpdate(chat: TelegramChatState, input: CustomerMessage, update_id: number, date: number): BuiltUpdate {
  const target = targetId(chat, input.replyTo);
  if (target === undefined) throw new SimulatorUsageError('a Telegram edit names the message it edits in replyTo');
  const text = input.text ?? '';
  if (text === '') throw new SimulatorUsageError('a Telegram edit needs text');
  // payload 'caption': the customer edits a photo's caption rather than a text.
  const body = input.payload === 'caption' ? { caption: text } : { text };
  const edited = { message_id: target, from: customerUser(chat), chat: privateChat(chat), date: date - 30, edit_date: date, ...body };
  return { update: { update_id, edited_message: edited }, externalId: `${chat.id}:${target}` };
}

/**
 * The customer taps a button of the bot's message `replyTo`: its `callback_data` is `payload`
 * (keyboards.ts). The update is a `callback_query`; snorq names the tap `tap:<query id>`.
 */
function tapUpdate(ctx: SimContext, account: SimAccount, chat: TelegramChatState, input: CustomerMessage, update_id: number): BuiltUpdate {
  const target = targetId(chat, input.replyTo);
  if (target === undefined || input.payload === undefined) throw new SimulatorUsageError("a Telegram tap names the bot's message in replyTo and the button's callback_data in payload");
  const query = callbackQuery(ctx, account, chat, target, input.payload);
  return { update: { update_id, callback_query: query }, externalId: `tap:${String(query.id)}` };
}

/** `replyTo` as snorq's `<chat id>:<message id>` or a bare message id. */
function targetId(chat: TelegramChatState, replyTo: string | undefined): number | undefined {
  if (replyTo === undefined) return undefined;
  const id = Number(replyTo.split(':').pop());
  if (!Number.isSafeInteger(id) || id <= 0) throw new SimulatorUsageError(`replyTo ${replyTo} is not a Telegram message id`);
  return id;
}

function mediaKind(media: CustomerMedia): string {
  return media.type === 'audio' ? 'voice' : media.type;
}

function content(ctx: SimContext, account: SimAccount, kind: string, input: CustomerMessage): Obj {
  switch (kind) {
    case 'text':
      return textBody(input.text ?? 'Hello!');
    case 'location':
      return { location: { latitude: input.location?.latitude ?? 38.722252, longitude: input.location?.longitude ?? -9.139337 } };
    case 'venue': {
      const location = { latitude: input.location?.latitude ?? 38.713912, longitude: input.location?.longitude ?? -9.133397 };
      return { location, venue: { location, title: input.location?.name ?? 'Praça do Comércio', address: input.location?.address ?? 'Praça do Comércio, 1100-148 Lisboa' } };
    }
    case 'contact':
      return { contact: input.contacts?.[0] ?? { phone_number: '+351912345678', first_name: 'Marta', last_name: 'Silva', user_id: 5512345678 } };
    case 'unsupported':
      return { dice: { emoji: '🎲', value: 4 } };
    default:
      return mediaContent(ctx, account, kind, input);
  }
}

/**
 * A text message with the entities Telegram marks in it (`MessageEntity`, offsets and lengths in
 * UTF-16 code units): a command at the start (what pressing Start sends: `/start`) and links.
 */
function textBody(text: string): Obj {
  const entities: Obj[] = [];
  const command = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{5,32})?/.exec(text);
  if (command) entities.push({ offset: 0, length: command[0].length, type: 'bot_command' });
  for (const link of text.matchAll(/\bhttps?:\/\/[^\s]+/g)) entities.push({ offset: link.index, length: link[0].length, type: 'url' });
  return entities.length > 0 ? { text, entities } : { text };
}

const MEDIA: Record<string, { file: FileKind; sample: CustomerMedia['type']; mime?: string }> = {
  image: { file: 'photo', sample: 'image', mime: 'image/jpeg' },
  file: { file: 'document', sample: 'file' },
  voice: { file: 'voice', sample: 'audio', mime: 'audio/ogg' },
  audio: { file: 'audio', sample: 'audio' },
  video: { file: 'video', sample: 'video' },
  video_note: { file: 'video_note', sample: 'video', mime: 'video/mp4' },
  sticker: { file: 'sticker', sample: 'sticker', mime: 'image/webp' },
};

const JPEG_1X1 = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

/** A media message: the bytes kept where getFile finds them, named as Telegram names them. */
function mediaContent(ctx: SimContext, account: SimAccount, kind: string, input: CustomerMessage): Obj {
  const spec = MEDIA[kind];
  if (!spec) throw new SimulatorUsageError(`telegram has no customer event kind '${kind}'`);
  const sample = sampleMedia(spec.sample);
  // Telegram re-encodes every photo as JPEG.
  const bytes = input.media?.bytes ? Buffer.from(input.media.bytes) : kind === 'image' ? JPEG_1X1 : sample.bytes;
  const mimeType = input.media?.mimeType ?? spec.mime ?? sample.mimeType;
  const stored = storeFile(ctx, account, spec.file, bytes, mimeType, input.media?.filename);
  const caption = input.media?.caption === undefined || kind === 'video_note' || kind === 'sticker' ? {} : { caption: input.media.caption };
  if (kind === 'image') return { photo: photoSizes(ctx, account, stored), ...caption };
  if (kind === 'sticker')
    return { sticker: { ...fileFields(stored), width: 512, height: 512, emoji: input.emoji ?? '👍', set_name: 'SimulatedStickers', is_animated: false, is_video: false, type: 'regular' } };
  if (kind === 'video_note') return { video_note: { ...fileFields(stored), length: 384, duration: 6 } };
  const file: Obj = { ...fileFields(stored), mime_type: mimeType };
  if (kind === 'file' || kind === 'video' || kind === 'audio') file.file_name = input.media?.filename ?? `${kind}.${sample.extension}`;
  // The length Telegram reports: a real Ogg/Opus voice note's own, else what the sample files last.
  if (kind !== 'file') file.duration = oggOpusSeconds(bytes) ?? 2;
  // Video: width, height and duration are required fields of the object (Bot API `Video`).
  if (kind === 'video') Object.assign(file, { width: 1280, height: 720 });
  if (kind === 'audio') Object.assign(file, { performer: 'Simulated Artist', title: input.media?.filename ?? 'Simulated Track' });
  const field = kind === 'file' ? 'document' : kind;
  return { [field]: file, ...caption };
}
