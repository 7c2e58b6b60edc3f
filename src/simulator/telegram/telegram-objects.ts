import crypto from 'node:crypto';
import type { SimContext } from '../context.ts';
import type { StoredMedia } from '../state/media.ts';
import type { SimAccount } from '../types.ts';
import type { TelegramChatState } from './telegram-state.ts';

/**
 * Bot API objects as Telegram writes them (https://core.telegram.org/bots/api#available-types):
 * the bot and customer as `User`, the private `Chat`, and the file objects of a message. File ids
 * look like Telegram's (url-safe base64, a type-specific start) so code that assumes anything
 * shorter or simpler breaks here as it would live.
 */

type Obj = Record<string, unknown>;

export const botIdOf = (account: SimAccount): number => Number(account.accountId);

export function botUser(account: SimAccount): Obj {
  return { id: botIdOf(account), is_bot: true, first_name: account.displayName ?? 'Simulated Bot', username: account.username ?? `sim_${account.accountId}_bot` };
}

function names(chat: TelegramChatState): Obj {
  const [first, ...rest] = (chat.customer.name ?? 'Telegram User').split(' ');
  const out: Obj = { first_name: first ?? 'Telegram' };
  if (rest.length > 0) out.last_name = rest.join(' ');
  if (chat.customer.username) out.username = chat.customer.username;
  return out;
}

export function customerUser(chat: TelegramChatState): Obj {
  return { id: chat.id, is_bot: false, ...names(chat), language_code: 'en' };
}

export function privateChat(chat: TelegramChatState): Obj {
  return { id: chat.id, ...names(chat), type: 'private' };
}

/** Telegram's file ids: AgAC… photos, BQAC… documents, AwAC… voice, BAAC… video, CAAC… stickers, DQAC… video notes, CQAC… audio. */
const FILE_ID_START = {
  photo: 'AgACAgIAAxkBAAI',
  document: 'BQACAgIAAxkBAAI',
  voice: 'AwACAgIAAxkBAAI',
  video: 'BAACAgIAAxkBAAI',
  sticker: 'CAACAgIAAxkBAAI',
  video_note: 'DQACAgIAAxkBAAI',
  audio: 'CQACAgIAAxkBAAI',
} as const;
export type FileKind = keyof typeof FILE_ID_START;

export const newFileId = (kind: FileKind): string => `${FILE_ID_START[kind]}${crypto.randomBytes(42).toString('base64url')}`;
const uniqueId = (): string => `AgAD${crypto.randomBytes(9).toString('base64url')}`;

/** Keep bytes where getFile finds them: the file_id is the media store's id. */
export function storeFile(ctx: SimContext, account: SimAccount, kind: FileKind, bytes: Buffer, mimeType: string, filename?: string): StoredMedia {
  return ctx.media.add({ id: newFileId(kind), platform: 'telegram', accountId: account.accountId, bytes, mimeType, filename, createdAt: ctx.now() });
}

/** The file fields of a Document, Voice, Video, Audio, VideoNote or Sticker. */
export function fileFields(media: StoredMedia): Obj {
  return { file_id: media.id, file_unique_id: uniqueId(), file_size: media.bytes.length };
}

/**
 * A photo as Telegram sends it: every size it made, smallest first. Each size is a file of its
 * own; the simulator keeps the same bytes under each id (it does not resize).
 */
export function photoSizes(ctx: SimContext, account: SimAccount, largest: StoredMedia): Obj[] {
  const sizes = [90, 320, 800].map((side) => {
    const copy = side === 800 ? largest : storeFile(ctx, account, 'photo', largest.bytes, largest.mimeType);
    return { ...fileFields(copy), width: side, height: Math.round((side * 3) / 4) };
  });
  return sizes;
}

/**
 * The message replied to, as Telegram includes it: a whole Message (without its own reply), from
 * whoever wrote it, with its text when it had one.
 */
export function repliedMessage(ctx: SimContext, bot: SimAccount, chat: TelegramChatState, messageId: number): Record<string, unknown> {
  const known = ctx.conversations.message(`${chat.id}:${messageId}`);
  const at = Math.floor((known?.timestamp ?? ctx.now() - 60_000) / 1000);
  const replied: Record<string, unknown> = { message_id: messageId, from: known?.direction === 'outbound' ? botUser(bot) : customerUser(chat), chat: privateChat(chat), date: at };
  if (known?.text) replied[known.attachments?.length ? 'caption' : 'text'] = known.text;
  return replied;
}
