import type { NotificationPreferences, NotificationTrigger } from '../../api/notifications-api.ts';
import { i18next } from '../../i18n/i18n.ts';
import type { LiveEvent } from '../../live/live-events.ts';

/** The alert's words in the UI's language (no React here: the shared instance, read at each call). */
const t = i18next.getFixedT(null, 'notifications', 'alert');

export interface Alert {
  trigger: NotificationTrigger;
  title: string;
  body: string;
  conversationId: number;
}

/**
 * Does this live event concern me, by my preferences? The open tab's counterpart of the server's
 * decision (src/core/notifications/decide-notifications.ts): a customer writing in a conversation
 * assigned to me, a conversation someone else assigned to me, and — as "new conversation" — a
 * customer writing in a conversation nobody has taken yet (the tab cannot tell a first message
 * from a later one; the server's push can), and a `mention` of me in a note.
 */
export function concernsMe(event: LiveEvent, meId: number, prefs: NotificationPreferences): Alert | null {
  if (event.type === 'new:message') {
    const { message, conversation } = event;
    if (message.direction !== 'inbound' || message.isPrivateNote || message.isEcho) return null;
    const body = message.preview ?? message.content ?? t('newMessage');
    if (conversation.assigneeId === meId && prefs.newMessage) return { trigger: 'newMessage', title: t('newMessage'), body, conversationId: conversation.id };
    if (conversation.assigneeId === null && prefs.newConversation) return { trigger: 'newConversation', title: t('waiting'), body, conversationId: conversation.id };
    return null;
  }
  if (event.type === 'mention') {
    if (!event.mentionedUserIds.includes(meId) || event.authorUserId === meId || !prefs.mentioned) return null;
    return { trigger: 'mentioned', title: t('mentioned'), body: event.excerpt, conversationId: event.conversationId };
  }
  if (event.type === 'conversation:updated') {
    const { conversation, assignedBy } = event;
    if (assignedBy === undefined || assignedBy === meId || conversation.assigneeId !== meId || !prefs.assigned) return null;
    return { trigger: 'assigned', title: t('assigned'), body: conversation.preview ?? '', conversationId: conversation.id };
  }
  return null;
}

/** The tab's title with the count of unread conversations in front: "(3) snorq — unified inbox". */
export function titleWithCount(base: string, unread: number): string {
  const bare = base.replace(/^\(\d+\+?\)\s*/, '');
  if (unread <= 0) return bare;
  return `(${unread > 99 ? '99+' : unread}) ${bare}`;
}
