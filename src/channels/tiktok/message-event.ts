import type { z } from 'zod';
import type { ContactRef, MediaRef, MessageEvent, NormalizedEvent } from '../types.ts';
import { MediaSchema, SharePostSchema, TemplateSchema, TextSchema, type MessageContent } from './payload.ts';
import type { TiktokMetadata } from './metadata.ts';

/**
 * One `im_receive_msg` (customer → business) or `im_send_msg` (the business's own message, sent
 * through snorq, the TikTok app or web: an echo, FACTS 6.1 and pitfall 14) as a message event.
 * A message type we cannot read, or whose body is not in the known shape, is kept verbatim as
 * `unsupported` (pitfall 10).
 */
export interface MessageInput {
  accountId: string;
  content: MessageContent;
  /** The decoded `content` as received, kept on `unsupported` messages. */
  raw: unknown;
  direction: MessageEvent['direction'];
  /** The envelope's `create_time`, for a content without its own `timestamp`. */
  createTimeMs: number | undefined;
}

export function messageEvent({ accountId, content, raw, direction, createTimeMs }: MessageInput): NormalizedEvent {
  // The customer: the sender of an inbound message, the recipient of an echo.
  const user = direction === 'inbound' ? content.from_user : content.to_user;
  if (!user) return { kind: 'unknown', accountId, reason: 'TikTok message without its customer (from_user/to_user)', raw };
  const contact: ContactRef = { platformUserId: user.id };
  const handle = direction === 'inbound' ? content.from : content.to;
  if (handle) contact.username = handle;

  const event: MessageEvent = {
    kind: 'message',
    accountId,
    externalId: content.message_id,
    direction,
    contact,
    contentType: 'unsupported',
  };
  const timestamp = content.timestamp ?? createTimeMs;
  if (timestamp !== undefined) event.timestamp = timestamp;
  readBody(event, content, raw);
  const replyTo = content.referenced_message_info?.referenced_message_id;
  if (replyTo) event.replyToExternalId = replyTo;
  const extra = { ...metadata(content), ...event.metadata };
  if (Object.keys(extra).length > 0) event.metadata = extra;
  return event;
}

function readBody(event: MessageEvent, content: MessageContent, raw: unknown): void {
  const type = content.type;
  const part = type === undefined ? undefined : (content as Record<string, unknown>)[type];
  switch (type) {
    case 'text': {
      const text = parse(TextSchema, part);
      if (!text) break;
      event.contentType = 'text';
      event.text = text.body;
      break;
    }
    case 'image':
    case 'video':
    case 'sticker':
    case 'emoji': {
      const media = parse(MediaSchema, part);
      if (!media) break;
      // Bytes come through the media download endpoint with the message and media ids (FACTS 6.5).
      const mediaType: MediaRef['type'] = type === 'emoji' ? 'sticker' : type;
      const ref: MediaRef = { type: mediaType };
      if (media.media_id) ref.platformMediaId = media.media_id;
      if (media.url) ref.url = media.url;
      event.contentType = mediaType;
      event.media = [ref];
      break;
    }
    case 'share_post': {
      const share = parse(SharePostSchema, part);
      if (!share) break;
      const card: Record<string, unknown> = { type: 'share_post', url: share.embed_url };
      if (share.video_id) card.videoId = share.video_id;
      event.contentType = 'share';
      event.share = card;
      break;
    }
    case 'template': {
      // Cards with reply buttons (QA_BUTTON_CARD, QA_LINK_CARD, FACTS 6.3): text and buttons kept.
      const template = parse(TemplateSchema, part);
      if (!template) break;
      event.contentType = 'template';
      event.raw = part;
      const titles = [template.title, ...(template.elements ?? []).map((e) => e.title)].filter((t): t is string => !!t);
      const buttons = [...(template.buttons ?? []), ...(template.elements ?? []).flatMap((e) => e.buttons ?? [])].flatMap((b) => {
        const title = b.text ?? b.title;
        if (!title) return [];
        const button: Record<string, string> = { title };
        if (b.id) button['payload'] = b.id;
        if (b.url) button['url'] = b.url;
        return [button];
      });
      if (titles.length > 0) event.text = titles.join('\n');
      if (titles.length > 0 || buttons.length > 0) {
        const card: Record<string, unknown> = { buttons };
        if (titles[0]) card['title'] = titles[0];
        if (titles.length > 1) card['text'] = titles.slice(1).join('\n');
        event.metadata = { card };
      }
      break;
    }
  }
  // Unknown types (`reaction` has no documented shape, FACTS 6.0) and bodies of an unknown shape.
  if (event.contentType === 'unsupported') event.raw = raw;
}

function metadata(content: MessageContent): TiktokMetadata {
  const metadata: TiktokMetadata = {};
  // Replies are addressed to the conversation, not the user (FACTS 6.3): keep it with every message.
  if (content.conversation_id) metadata.conversationId = content.conversation_id;
  if (content.is_follower !== undefined) metadata.isFollower = content.is_follower;
  if (content.message_tag) metadata.source = content.message_tag.source;
  if (content.unique_identifier) metadata.uniqueIdentifier = content.unique_identifier;
  if (content.reply_source_payload) metadata.replySourceUniqueId = content.reply_source_payload.reply_source_unique_id;
  return metadata;
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}
