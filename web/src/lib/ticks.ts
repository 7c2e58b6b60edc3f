import { i18next } from '../i18n/i18n.ts';
import type { Message, MessageStatus } from '../api/types.ts';

export type TickState = 'none' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

/** Delivery ticks belong to what the business sent; customer messages and notes show none. */
export function tickState(message: Pick<Message, 'direction' | 'isPrivateNote' | 'status'>): TickState {
  if (message.direction !== 'outbound' || message.isPrivateNote) return 'none';
  return message.status;
}

/** What the ticks say to a screen reader and on hover, in the UI's language. */
export function tickLabel(state: TickState): string {
  return state === 'none' ? '' : i18next.t(`inbox:ticks.${state}`);
}

const RANK: Record<MessageStatus, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 1 };

/**
 * Statuses only move forward (pending → sent → delivered → read); a late "sent" never undoes
 * "read". A failure counts only before delivery. A retry sends the whole message again
 * (message:updated), which is not a status step and bypasses this.
 */
export function nextStatus(current: MessageStatus, incoming: MessageStatus): MessageStatus {
  if (incoming === current) return current;
  if (incoming === 'failed') return current === 'pending' || current === 'sent' ? 'failed' : current;
  if (current === 'failed') return incoming === 'delivered' || incoming === 'read' ? incoming : current;
  return RANK[incoming] > RANK[current] ? incoming : current;
}
