import { request } from './http.ts';
import type { Message } from './types.ts';

/**
 * Forward messages to a conversation on any platform (src/core/forwarding): one message, or a
 * selection in thread order. The server checks the target's reply window and each message before
 * anything is queued, and answers with the new messages (pending, `forwardedFrom` set).
 */
export function forwardMessages(messageIds: readonly number[], conversationId: number): Promise<Message[]> {
  if (messageIds.length === 1) {
    return request<{ message: Message }>(`/api/v1/messages/${messageIds[0]}/forward`, { method: 'POST', body: { conversationId } }).then((r) => [r.message]);
  }
  return request<{ messages: Message[] }>('/api/v1/messages/forward', { method: 'POST', body: { conversationId, messageIds } }).then((r) => r.messages);
}
