import type { MyPresence, PresenceChoice } from '../../../src/contract/presence.ts';
import { request } from './http.ts';

export type { ConversationActivity, MyPresence, Presence, PresenceChoice } from '../../../src/contract/presence.ts';
export type { ManagedUser as TeamMember } from '../../../src/contract/users.ts';
export type { MessageAuthor } from '../../../src/contract/messages.ts';

export function getMyPresence(): Promise<MyPresence> {
  return request<MyPresence>('/api/v1/me/presence');
}

export function setMyPresence(choice: PresenceChoice): Promise<MyPresence> {
  return request<MyPresence>('/api/v1/me/presence', { method: 'PUT', body: { choice } });
}
