import type { ContentType } from '../../db/schema.ts';
import type { LocationRef, MediaRef } from '../types.ts';
import { AttachmentSchema, LocationPayloadSchema, TemplatePayloadSchema, type Attachment, type Message } from './messaging-schemas.ts';

/**
 * The content of a Messenger / Instagram `message`: text, attachments, story replies
 * (FACTS 2.1, 3.1). Pure; returns what a MessageEvent needs besides ids and parties.
 */
export interface MessagingContent {
  contentType: ContentType;
  text?: string;
  media?: MediaRef[];
  share?: Record<string, unknown>;
  location?: LocationRef;
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
  let location: LocationRef | undefined;
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
      const card = templateCard(attachment.payload);
      if (card) metadata['card'] = card;
    } else if (attachment.type === 'location' && locationOf(attachment)) {
      // A shared pin: { title, url, payload: { coordinates: { lat, long } } } (Messenger's attachment reference).
      location ??= locationOf(attachment);
    } else {
      // ephemeral (view-once, no URL), appointment_booking, a location without coordinates, new types.
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

  // A template echo has no text of its own: its card's title and text are what the business said.
  const card = metadata['card'] as { title?: string; text?: string } | undefined;
  const cardText = [card?.title, card?.text].filter(Boolean).join('\n') || undefined;
  const text = message.text ?? cardText;
  const result = { text, media: kept.length > 0 ? kept : undefined, share, metadata, ...(location && { location }) };
  if (unsupported) return { ...result, contentType: 'unsupported', keepRaw: true };
  if (template) return { ...result, contentType: 'template', keepRaw: true };
  const first = kept[0];
  if (first) return { ...result, contentType: first.type, keepRaw: false };
  if (share) return { ...result, contentType: 'share', keepRaw: false };
  if (location) return { ...result, contentType: 'location', keepRaw: false };
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

/** Coordinates as documented (`payload.coordinates.lat/long`), or flat on the payload; undefined without both numbers. */
function locationOf(attachment: Attachment): LocationRef | undefined {
  const parsed = LocationPayloadSchema.safeParse(attachment.payload);
  if (!parsed.success) return undefined;
  const c = parsed.data.coordinates ?? parsed.data;
  const latitude = c.lat ?? c.latitude;
  const longitude = c.long ?? c.lng ?? c.longitude;
  if (latitude == null || longitude == null) return undefined;
  const location: LocationRef = { latitude, longitude };
  if (attachment.title) location.name = attachment.title;
  const url = attachment.url ?? parsed.data.url;
  if (url) location.url = url;
  return location;
}

/**
 * A template the business sent (seen as an echo): its text and buttons, so the thread shows what
 * the customer was offered and an untitled postback can be named by its button. Button, generic
 * (the first element) and media templates are read; anything else keeps only the raw item.
 */
function templateCard(payload: unknown): Record<string, unknown> | undefined {
  const parsed = TemplatePayloadSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const first = parsed.data.elements?.[0];
  const buttons = [...(parsed.data.buttons ?? []), ...(parsed.data.elements ?? []).flatMap((e) => e.buttons ?? [])].flatMap((b) =>
    b.title ? [compact({ title: b.title, payload: b.payload, url: b.url })] : [],
  );
  const title = first?.title ?? undefined;
  const text = parsed.data.text ?? first?.subtitle ?? undefined;
  if (!title && !text && buttons.length === 0) return undefined;
  return compact({ title, text, buttons });
}

/** Drops absent fields so stored shares hold only what the platform sent. */
export function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null));
}
