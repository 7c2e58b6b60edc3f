import type { WebhookEventType } from '../../contract/webhook-subscriptions.ts';
import type { StoredEvent } from '../realtime/event-stream.ts';

/**
 * What an event of the log (src/contract/realtime.ts) is for outgoing webhooks. Pure: the only
 * fact the log does not carry — whether a message is its conversation's first, which makes it
 * `conversation.created` — is passed in. `orderKey` is what deliveries are ordered by: a
 * conversation's events reach a receiver in the order they happened.
 *
 * Left out on purpose: private notes (team-internal, never sent outside snorq), `message:updated`
 * and `message:deleted` (media downloaded, echoes replaced: bookkeeping, not news), presence and
 * mentions (about agents, not customers).
 */
export interface WebhookEvent {
  type: WebhookEventType;
  orderKey: string;
  conversationId: number | null;
  /** For `contact.updated`: the contact whose current fields make the data (read when enqueued). */
  contactId?: number;
  data: Record<string, unknown>;
}

export function webhookEventsOf(event: StoredEvent, isFirstMessage: (messageId: number) => boolean): WebhookEvent[] {
  switch (event.type) {
    case 'new:message': {
      const { message, conversation } = event.payload;
      if (message.isPrivateNote || !conversation) return [];
      const key = conversationKey(conversation.id);
      const created: WebhookEvent[] = isFirstMessage(message.id) ? [{ type: 'conversation.created', orderKey: key, conversationId: conversation.id, data: { conversation } }] : [];
      return [...created, { type: 'message.created', orderKey: key, conversationId: conversation.id, data: { message, conversation } }];
    }
    case 'message:sent':
    case 'message:status':
      return [{ type: 'message.status', orderKey: conversationKey(event.payload.conversationId), conversationId: event.payload.conversationId, data: { ...event.payload } }];
    case 'conversation:updated': {
      const { conversation, assignedBy } = event.payload;
      return [
        {
          type: 'conversation.updated',
          orderKey: conversationKey(conversation.id),
          conversationId: conversation.id,
          data: { conversation, ...(assignedBy !== undefined && { assignedBy }) },
        },
      ];
    }
    case 'contact:updated':
      return [{ type: 'contact.updated', orderKey: `contact:${event.payload.contactId}`, conversationId: null, contactId: event.payload.contactId, data: {} }];
    default:
      return [];
  }
}

const conversationKey = (id: number) => `conversation:${id}`;
