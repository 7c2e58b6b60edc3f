import type { ConversationFields, Message, MessageStatus } from '../api/types.ts';

/** The server's events (src/server/realtime/socket-server.ts), each with the organisation's seq. */
export type ServerEvent =
  | { type: 'new:message'; seq: number; message: Message; conversation: ConversationFields }
  | { type: 'message:sent'; seq: number; messageId: number; conversationId: number; externalId: string | null; status: 'sent' }
  | { type: 'message:status'; seq: number; messageId: number; conversationId: number; status: MessageStatus; errorCode?: string | null; errorReason?: string | null }
  | { type: 'message:updated'; seq: number; message: Message }
  /** A copy removed: the platform's echo of a reply, stored before the send was recorded (replacedBy is the reply). */
  | { type: 'message:deleted'; seq: number; messageId: number; conversationId: number; replacedBy?: number }
  | { type: 'conversation:updated'; seq: number; conversation: ConversationFields; readMessageIds?: number[] };

export const SERVER_EVENT_TYPES = ['new:message', 'message:sent', 'message:status', 'message:updated', 'message:deleted', 'conversation:updated'] as const;

/**
 * What subscribers receive: the server's events, once each and in order, plus `resync` when
 * what they hold can no longer be trusted (the server said `sync:required`, its counter went
 * back, or this is the first connection and the page loaded before it). A subscriber that
 * refetches returns the promise, so the indicator says "behind" until it settles.
 */
export type LiveEvent = ServerEvent | { type: 'resync'; reason: string };

export type LiveHandler = (event: LiveEvent) => void | Promise<unknown>;

/** The payload as sent, checked just enough to route it: a seq and the ids the handlers read. */
export function toServerEvent(type: (typeof SERVER_EVENT_TYPES)[number], payload: unknown): ServerEvent | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  if (typeof p['seq'] !== 'number') return null;
  const hasMessage = typeof (p['message'] as { id?: unknown } | undefined)?.id === 'number';
  const hasConversation = typeof (p['conversation'] as { id?: unknown } | undefined)?.id === 'number';
  switch (type) {
    case 'new:message':
      return hasMessage && hasConversation ? ({ ...p, type } as ServerEvent) : null;
    case 'message:updated':
      return hasMessage ? ({ ...p, type } as ServerEvent) : null;
    case 'conversation:updated':
      return hasConversation ? ({ ...p, type } as ServerEvent) : null;
    case 'message:sent':
    case 'message:status':
    case 'message:deleted':
      return typeof p['messageId'] === 'number' ? ({ ...p, type } as ServerEvent) : null;
  }
}
