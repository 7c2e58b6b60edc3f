import type { Conversation, Message } from '../../db/schema.ts';
import { messagePreview } from './message-preview.ts';

/**
 * The JSON shapes the API and the real-time events share. One mapping, so a message pushed over
 * the socket looks exactly like the same message fetched with GET /api/messages.
 */
export function messageDto(m: Omit<Message, 'raw' | 'search_vector'>) {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    channelId: m.channel_id,
    direction: m.direction,
    content: m.content,
    contentType: m.content_type,
    media: m.media.map((item, index) => ({
      index,
      type: item.type,
      mimeType: item.mimeType ?? null,
      filename: item.filename ?? null,
      caption: item.caption ?? null,
      size: item.size ?? null,
      state: item.state ?? (item.storageKey ? 'stored' : 'pending'),
      error: item.error ?? null,
      // served to signed-in users of the organisation (src/server/routes/media.ts)
      url: item.storageKey ? `/api/v1/messages/${m.id}/media/${index}` : null,
    })),
    location: (m.metadata.location as unknown) ?? null,
    share: (m.metadata.share as unknown) ?? null,
    contacts: (m.metadata.contacts as unknown) ?? null,
    template: (m.metadata.template as unknown) ?? null,
    /** WhatsApp catalogue order: { catalogId?, items: [{ productRetailerId?, quantity?, itemPrice?, currency? }], total? }. */
    order: (m.metadata.order as unknown) ?? null,
    /** A card with buttons (TikTok template, Messenger template echo): { title?, text?, buttons: [{ title, payload?, url? }] }. */
    card: (m.metadata.card as unknown) ?? null,
    /** A `system` notice's facts: { type?, previousId, newId? }. */
    system: (m.metadata.system as unknown) ?? null,
    status: m.status,
    errorCode: m.error_code,
    errorReason: m.error_reason,
    externalId: m.external_id,
    replyToMessageId: m.reply_to_message_id,
    replyToExternalId: m.reply_to_external_id,
    reactions: m.reactions,
    referral: m.referral,
    timestamp: m.platform_timestamp.toISOString(),
    senderUserId: m.sender_user_id,
    isEcho: m.is_echo,
    isPrivateNote: m.is_private_note,
    editedAt: m.edited_at?.toISOString() ?? null,
    deletedAt: m.deleted_at?.toISOString() ?? null,
    preview: messagePreview(m),
  };
}
export type MessageDto = ReturnType<typeof messageDto>;

/** The conversation's own fields (lists add contact, channel and reply window). */
export function conversationFieldsDto(c: Conversation) {
  return {
    id: c.id,
    channelId: c.channel_id,
    contactId: c.contact_id,
    contactIdentityId: c.contact_identity_id,
    status: c.status,
    snoozedUntil: c.snoozed_until?.toISOString() ?? null,
    priority: c.priority,
    assigneeId: c.assignee_id,
    labels: c.labels,
    unreadCount: c.unread_count,
    preview: c.last_message_preview,
    lastMessageAt: c.last_message_at?.toISOString() ?? null,
    lastInboundAt: c.last_inbound_at?.toISOString() ?? null,
    waitingSince: c.waiting_since?.toISOString() ?? null,
  };
}
