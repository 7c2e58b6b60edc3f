import type { Message } from '../../db/schema.ts';

const LABELS: Record<string, string> = {
  image: '📷 Photo',
  video: '🎬 Video',
  audio: '🎤 Audio',
  file: '📎 File',
  sticker: 'Sticker',
  location: '📍 Location',
  contacts: '👤 Contact card',
  share: '🔗 Shared post',
  template: 'Template',
  order: '🛒 Order',
  system: 'Notice',
  referral: '🔗 Opened the chat from a link or ad',
  unsupported: 'Unsupported message',
};

/** The one-line summary of a message shown in the conversation list. */
export function messagePreview(m: Pick<Message, 'content' | 'content_type' | 'deleted_at'>): string {
  if (m.deleted_at) return 'Message removed';
  const text = m.content?.replace(/\s+/g, ' ').trim();
  if (text) return text.length > 140 ? `${text.slice(0, 139)}…` : text;
  return LABELS[m.content_type] ?? m.content_type;
}
