import type { ConversationFields, ConversationSummary, Message } from '../../web/src/api/types.ts';

export function message(over: Partial<Message> & { id: number }): Message {
  return {
    conversationId: 1,
    channelId: 1,
    direction: 'inbound',
    content: `message ${over.id}`,
    contentType: 'text',
    media: [],
    location: null,
    share: null,
    contacts: null,
    template: null,
    order: null,
    card: null,
    system: null,
    status: 'delivered',
    errorCode: null,
    errorDetail: null,
    errorReason: null,
    externalId: `ext-${over.id}`,
    replyToMessageId: null,
    replyToExternalId: null,
    reactions: [],
    referral: null,
    timestamp: '2026-03-10T12:00:00.000Z',
    senderUserId: null,
    isEcho: false,
    isPrivateNote: false,
    editedAt: null,
    deletedAt: null,
    preview: null,
    ...over,
  };
}

export function conversation(over: Partial<ConversationSummary> & { id: number }): ConversationSummary {
  return {
    platform: 'whatsapp',
    channel: { id: 1, name: 'Shop', platform: 'whatsapp', connectionState: 'connected' },
    contact: { id: over.id, name: `Customer ${over.id}`, avatarUrl: null, username: null, phone: null, platformUserId: `u${over.id}` },
    preview: 'hi',
    lastSender: { kind: 'customer', userId: null, name: null },
    lastMessageAt: '2026-03-10T12:00:00.000Z',
    unreadCount: 0,
    status: 'open',
    snoozedUntil: null,
    priority: 'normal',
    labels: [],
    assignee: null,
    waitingSince: null,
    sla: null,
    replyWindow: { open: true, closesAt: '2026-03-11T12:00:00.000Z', allowed: ['text', 'media', 'template'] },
    ...over,
  };
}

export function fields(row: ConversationSummary, over: Partial<ConversationFields> = {}): ConversationFields {
  return {
    id: row.id,
    channelId: row.channel.id,
    contactId: row.contact.id,
    contactIdentityId: row.contact.id,
    status: row.status,
    snoozedUntil: row.snoozedUntil,
    priority: row.priority,
    assigneeId: row.assignee?.id ?? null,
    labels: row.labels,
    unreadCount: row.unreadCount,
    preview: row.preview,
    lastMessageAt: row.lastMessageAt,
    sla: row.sla,
    lastInboundAt: null,
    waitingSince: row.waitingSince,
    ...over,
  };
}
