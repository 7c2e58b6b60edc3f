import type { ContentType } from '../../db/schema.ts';
import type { MediaRef } from '../types.ts';
import { AttachmentSchema, type Attachment, type Message } from './messaging-schemas.ts';

/**
 * The content of a Messenger / Instagram `message`: text, attachments, story replies
 * (FACTS 2.1, 3.1). Pure; returns what a MessageEvent needs besides ids and parties.
 */
export interface MessagingContent {
  contentType: ContentType;
  text?: string;
  media?: MediaRef[];
  share?: Record<string, unknown>;
  /** Set when the content is kept verbatim (unsupported, template): the caller stores the item. */
  keepRaw: boolean;
  metadata: Record<string, unknown>;
}

const MEDIA_TYPES = { image: 'image', video: 'video', audio: 'audio', file: 'file', sticker: 'sticker' } as const;
type MediaType = (typeof MEDIA_TYPES)[keyof typeof MEDIA_TYPES];

/** Link shares, posts, reels and story mentions: shown as a card, not downloaded (FACTS 2.1, 3.1, pitfall 26). */
const SHARE_TYPES = new Set(['fallback', 'share', 'post', 'ig_post', 'reel', 'ig_reel', 'story_mention']);

export function messagingContent(message: Message): MessagingContent {
  const metadata: Record<string, unknown> = {};
  const media: MediaRef[] = [];
  let share: Record<string, unknown> | undefined;
  let template = false;
  let unsupported = message.is_unsupported === true;

  for (const item of message.attachments ?? []) {
    const parsed = AttachmentSchema.safeParse(item);
    if (!parsed.success) {
      unsupported = true;
      continue;
    }
    const attachment = parsed.data;
    const mediaType = mediaTypeOf(attachment.type);
    if (mediaType) {
      media.push(mediaRef(mediaType, attachment));
      if (mediaType === 'sticker' && attachment.payload?.sticker_id) metadata['sticker_id'] = attachment.payload.sticker_id;
    } else if (SHARE_TYPES.has(attachment.type)) {
      share ??= shareOf(attachment);
    } else if (attachment.type === 'template') {
      template = true;
    } else {
      // location (undocumented since 2019), ephemeral (view-once, no URL), appointment_booking, new types.
      unsupported = true;
    }
  }

  // Older sticker messages: `message.sticker_id` beside a plain image attachment.
  if (message.sticker_id && !media.some((m) => m.type === 'sticker')) {
    metadata['sticker_id'] = message.sticker_id;
    for (const m of media) if (m.type === 'image') m.type = 'sticker';
  }
  // Until 2026-08-30 a sticker also arrives as an `image` attachment (FACTS 2.1): keep the sticker only.
  const kept = media.some((m) => m.type === 'sticker') ? media.filter((m) => m.type !== 'image') : media;

  const story = message.reply_to?.story;
  if (story) share ??= compact({ type: 'story_reply', url: story.url, id: story.id });

  const text = message.text ?? undefined;
  const result = { text, media: kept.length > 0 ? kept : undefined, share, metadata };
  if (unsupported) return { ...result, contentType: 'unsupported', keepRaw: true };
  if (template) return { ...result, contentType: 'template', keepRaw: true };
  const first = kept[0];
  if (first) return { ...result, contentType: first.type, keepRaw: false };
  if (share) return { ...result, contentType: 'share', keepRaw: false };
  if (text !== undefined) return { ...result, contentType: 'text', keepRaw: false };
  return { ...result, contentType: 'unsupported', keepRaw: true };
}

function mediaTypeOf(type: string): MediaType | undefined {
  return Object.hasOwn(MEDIA_TYPES, type) ? MEDIA_TYPES[type as keyof typeof MEDIA_TYPES] : undefined;
}

function mediaRef(type: MediaType, attachment: Attachment): MediaRef {
  const url = attachment.payload?.url ?? attachment.url ?? undefined;
  return url ? { type, url } : { type };
}

function shareOf(attachment: Attachment): Record<string, unknown> {
  const payload = attachment.payload;
  return compact({
    type: attachment.type,
    url: payload?.url ?? attachment.url,
    title: payload?.title ?? attachment.title,
    id: payload?.reel_video_id ?? payload?.id,
  });
}

/** Drops absent fields so stored shares hold only what the platform sent. */
export function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null));
}
