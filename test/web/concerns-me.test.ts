import { describe, expect, it } from 'vitest';
import { concernsMe, titleWithCount } from '../../web/src/components/notifications/concerns-me.ts';
import type { NotificationPreferences } from '../../web/src/api/notifications-api.ts';
import { conversation, fields, message } from './fixtures.ts';

const ME = 7;
const prefs: NotificationPreferences = { newConversation: false, newMessage: true, assigned: true, mentioned: true, slaBreach: true, sound: true };
const newMessage = (assigneeId: number | null, over: Parameters<typeof message>[0] = { id: 1 }) => ({
  type: 'new:message' as const,
  seq: 1,
  message: message(over),
  conversation: fields(conversation({ id: 1 }), { assigneeId }),
});
const updated = (assigneeId: number | null, assignedBy?: number | null) => ({
  type: 'conversation:updated' as const,
  seq: 2,
  conversation: fields(conversation({ id: 1 }), { assigneeId }),
  ...(assignedBy === undefined ? {} : { assignedBy }),
});

describe('concernsMe', () => {
  it('alerts for a customer writing in my conversation, not in someone else’s, and never for my own replies or notes', () => {
    expect(concernsMe(newMessage(ME), ME, prefs)).toMatchObject({ trigger: 'newMessage', conversationId: 1 });
    expect(concernsMe(newMessage(8), ME, prefs)).toBeNull();
    expect(concernsMe(newMessage(ME, { id: 2, direction: 'outbound' }), ME, prefs)).toBeNull();
    expect(concernsMe(newMessage(ME, { id: 3, isPrivateNote: true }), ME, prefs)).toBeNull();
    expect(concernsMe(newMessage(ME), ME, { ...prefs, newMessage: false })).toBeNull();
  });

  it('alerts for unassigned conversations only when new conversations are wanted', () => {
    expect(concernsMe(newMessage(null), ME, prefs)).toBeNull();
    expect(concernsMe(newMessage(null), ME, { ...prefs, newConversation: true })).toMatchObject({ trigger: 'newConversation' });
  });

  it('alerts when someone else assigns me a conversation, not when I take it or another change comes', () => {
    expect(concernsMe(updated(ME, 8), ME, prefs)).toMatchObject({ trigger: 'assigned' });
    expect(concernsMe(updated(ME, null), ME, prefs)).toMatchObject({ trigger: 'assigned' });
    expect(concernsMe(updated(ME, ME), ME, prefs)).toBeNull();
    expect(concernsMe(updated(ME), ME, prefs)).toBeNull();
    expect(concernsMe(updated(8, 9), ME, prefs)).toBeNull();
    expect(concernsMe(updated(ME, 8), ME, { ...prefs, assigned: false })).toBeNull();
  });
});

describe('titleWithCount', () => {
  it('puts the count in front of the page’s title once, and takes it away at zero', () => {
    expect(titleWithCount('Inbox — snorq', 3)).toBe('(3) Inbox — snorq');
    expect(titleWithCount('(3) Inbox — snorq', 4)).toBe('(4) Inbox — snorq');
    expect(titleWithCount('(99+) Inbox — snorq', 0)).toBe('Inbox — snorq');
    expect(titleWithCount('Inbox — snorq', 250)).toBe('(99+) Inbox — snorq');
  });
});
