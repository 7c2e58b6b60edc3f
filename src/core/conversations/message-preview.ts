import type { Message } from '../../db/schema.ts';
import { cutText } from '../../text/cut-text.ts';

/** UTF-16 units, the ellipsis included. */
export const PREVIEW_MAX = 140;

/**
 * Plain words, no emoji: the list is read on machines without an emoji font, where an emoji is an
 * empty box (migration 0026 rewrote the previews stored with the emoji labels of earlier versions).
 */
export const PREVIEW_LABELS: Record<string, string> = {
  image: 'Photo',
  video: 'Video',
  audio: 'Audio',
  file: 'File',
  sticker: 'Sticker',
  location: 'Location',
  contacts: 'Contact card',
  share: 'Shared post',
  template: 'Template',
  order: 'Order',
  system: 'Notice',
  referral: 'Opened the chat from a link or ad',
  unsupported: 'Unsupported message',
};

/** The one-line summary of a message shown in the conversation list. */
export function messagePreview(m: Pick<Message, 'content' | 'content_type' | 'deleted_at'>): string {
  if (m.deleted_at) return 'Message removed';
  const text = m.content?.replace(/\s+/g, ' ').trim();
  // Cut between characters: half an emoji would make the event log's JSON unstorable.
  if (text) return cutText(text, PREVIEW_MAX);
  return PREVIEW_LABELS[m.content_type] ?? m.content_type;
}
