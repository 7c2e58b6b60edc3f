import type { z } from 'zod';
import type { MediaRef, MessageEvent } from '../types.ts';
import { ContactSchema, FileSchema, LocationSchema, PhotoSizeSchema, StickerSchema, VenueSchema, type PhotoSize } from './update-schemas.ts';
import type { TelegramMetadata } from './metadata.ts';

/**
 * The content of one Telegram Message (https://core.telegram.org/bots/api#message) as snorq's
 * content type, text, media, location or contact card. A message carries exactly one kind of
 * content; kinds are tried in an order where the more specific wins (a venue also carries a
 * `location`, an animation also a `document`). Media are named by `file_id`: the bytes come
 * through getFile later (download-file.ts). Anything else is left `unsupported`.
 */
export type Content = Pick<MessageEvent, 'contentType' | 'text' | 'media' | 'location' | 'contacts'> & { metadata?: TelegramMetadata };

type Reader = (message: Record<string, unknown>, caption: string | undefined) => Content | undefined;

const READERS: Reader[] = [
  (m) => (typeof m.text === 'string' && m.text.length > 0 ? { contentType: 'text', text: m.text } : undefined),
  (m, caption) => photo(m.photo, caption),
  (m, caption) => file(m.animation, 'video', caption, 'video/mp4'),
  (m, caption) => file(m.video, 'video', caption),
  // A round video message: MPEG4, no caption, no mime_type on the wire.
  (m) => file(m.video_note, 'video', undefined, 'video/mp4'),
  // Voice notes are OGG/Opus (or MP3/M4A when sent as voice by a bot); Telegram says which.
  (m, caption) => file(m.voice, 'audio', caption, 'audio/ogg'),
  (m, caption) => file(m.audio, 'audio', caption),
  (m, caption) => file(m.document, 'file', caption),
  (m) => sticker(m.sticker),
  (m) => venue(m.venue),
  (m) => location(m.location),
  (m) => contact(m.contact),
];

export function readContent(message: Record<string, unknown>): Content {
  const caption = typeof message.caption === 'string' && message.caption.length > 0 ? message.caption : undefined;
  for (const read of READERS) {
    const content = read(message, caption);
    if (content) return content;
  }
  return { contentType: 'unsupported' };
}

/** Telegram sends every size it made of a photo; the largest is the one worth keeping. */
function photo(value: unknown, caption: string | undefined): Content | undefined {
  if (!Array.isArray(value)) return undefined;
  const sizes = value.flatMap((s) => parsed(PhotoSizeSchema, s) ?? []);
  const largest = sizes.reduce<PhotoSize | undefined>((best, s) => (!best || area(s) > area(best) || (area(s) === area(best) && (s.file_size ?? 0) > (best.file_size ?? 0)) ? s : best), undefined);
  if (!largest) return undefined;
  // Telegram re-encodes every photo as JPEG.
  return withCaption({ contentType: 'image', media: [{ type: 'image', platformMediaId: largest.file_id, mimeType: 'image/jpeg' }] }, caption);
}

const area = (s: PhotoSize): number => s.width * s.height;

function file(value: unknown, type: 'video' | 'audio' | 'file', caption: string | undefined, defaultMime?: string): Content | undefined {
  const f = parsed(FileSchema, value);
  if (!f) return undefined;
  const ref: MediaRef = { type, platformMediaId: f.file_id };
  const mimeType = f.mime_type ?? defaultMime;
  if (mimeType) ref.mimeType = mimeType;
  if (f.file_name) ref.filename = f.file_name;
  // Voice, Audio, Video and VideoNote carry their length in whole seconds; the thread shows it before playing.
  if (f.duration !== undefined && f.duration > 0) ref.durationSeconds = f.duration;
  return withCaption({ contentType: type, media: [ref] }, caption);
}

/** Static stickers are WEBP, animated ones Lottie (`.tgs`), video stickers WEBM. */
function sticker(value: unknown): Content | undefined {
  const s = parsed(StickerSchema, value);
  if (!s) return undefined;
  const mimeType = s.is_animated ? 'application/x-tgsticker' : s.is_video ? 'video/webm' : 'image/webp';
  const content: Content = { contentType: 'sticker', media: [{ type: 'sticker', platformMediaId: s.file_id, mimeType }] };
  const metadata: TelegramMetadata = {};
  if (s.emoji) metadata.stickerEmoji = s.emoji;
  if (s.set_name) metadata.stickerSet = s.set_name;
  if (Object.keys(metadata).length > 0) content.metadata = metadata;
  return content;
}

function venue(value: unknown): Content | undefined {
  const v = parsed(VenueSchema, value);
  if (!v) return undefined;
  return { contentType: 'location', location: { latitude: v.location.latitude, longitude: v.location.longitude, name: v.title, address: v.address } };
}

function location(value: unknown): Content | undefined {
  const l = parsed(LocationSchema, value);
  if (!l) return undefined;
  const content: Content = { contentType: 'location', location: { latitude: l.latitude, longitude: l.longitude } };
  // A live location keeps moving through edited_message updates, which snorq does not follow.
  if (l.live_period !== undefined) content.metadata = { livePeriodSeconds: l.live_period };
  return content;
}

/** A shared contact card, kept as Telegram sent it (as WhatsApp's `contacts` are). */
function contact(value: unknown): Content | undefined {
  const c = parsed(ContactSchema, value);
  if (!c) return undefined;
  return { contentType: 'contacts', contacts: [value] };
}

function withCaption(content: Content, caption: string | undefined): Content {
  if (caption === undefined) return content;
  // As WhatsApp's: the caption belongs to the file (an edit of it is a caption edit).
  const [first] = content.media ?? [];
  if (first) first.caption = caption;
  return content;
}

function parsed<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}
