import { useEffect, useRef } from 'react';
import { getConversation } from '../../api/inbox-api.ts';
import type { ListFilters } from '../../lib/list-filters.ts';
import type { ConversationSummary, User } from '../../api/types.ts';
import { applyFields, matchesFilters, upsertConversation } from '../../lib/conversation-list.ts';
import { useLive, useLiveEvents } from '../../live/live-provider.tsx';

/** How often the list refetches while the live connection is down (the original guide's 30 s poll). */
export const FALLBACK_POLL_MS = 30_000;

interface ListHandle {
  items: ConversationSummary[];
  update: (fn: (items: ConversationSummary[]) => ConversationSummary[]) => void;
  refresh: (options?: { quiet?: boolean }) => Promise<void>;
}

/**
 * Keeps the conversation list current from live events: rows move to the top on new messages,
 * take updated fields, and a conversation not yet in the list is fetched and put on top. A
 * customer message also changes the reply window, which only the server computes: the row is
 * refetched, at most once a second per conversation.
 */
export function useLiveList(list: ListHandle, filters: ListFilters, users: readonly User[], meId: number | null, openId: number | null) {
  const { connected } = useLive();
  const fetching = useRef(new Map<number, number>());
  const itemsRef = useRef(list.items);
  itemsRef.current = list.items;

  const refetchRow = (id: number, insert: boolean) => {
    if (fetching.current.has(id)) return;
    fetching.current.set(
      id,
      window.setTimeout(() => {
        getConversation(id)
          .then((c) => {
            const { identities: _identities, ...summary } = c;
            list.update((items) => {
              const present = items.some((r) => r.id === id);
              if (!present && !(insert && matchesFilters(summary, filters, meId))) return items;
              return upsertConversation(items, summary);
            });
          })
          .catch(() => undefined)
          .finally(() => fetching.current.delete(id));
      }, insert ? 0 : 1000),
    );
  };

  useLiveEvents((event) => {
    switch (event.type) {
      case 'new:message': {
        const fields = event.conversation;
        const present = itemsRef.current.some((r) => r.id === fields.id);
        if (!present) return refetchRow(fields.id, true);
        list.update((items) => {
          const row = items.find((r) => r.id === fields.id);
          if (!row) return items;
          const next = applyFields(row, fields, users);
          // The open conversation is read as it arrives; its count stays at zero here.
          return upsertConversation(items, fields.id === openId && event.message.direction === 'inbound' ? { ...next, unreadCount: 0 } : next);
        });
        if (event.message.direction === 'inbound' || event.message.conversationId === openId) refetchRow(fields.id, false);
        return;
      }
      case 'conversation:updated':
        list.update((items) => {
          const row = items.find((r) => r.id === event.conversation.id);
          return row ? upsertConversation(items, applyFields(row, event.conversation, users)) : items;
        });
        return;
      case 'resync':
        return list.refresh({ quiet: true });
      default:
        return;
    }
  });

  // While the socket is down, poll.
  useEffect(() => {
    if (connected) return;
    const t = window.setInterval(() => void list.refresh({ quiet: true }), FALLBACK_POLL_MS);
    return () => window.clearInterval(t);
  }, [connected, list.refresh]);

  useEffect(() => {
    const timers = fetching.current;
    return () => {
      for (const t of timers.values()) window.clearTimeout(t);
      timers.clear();
    };
  }, []);
}
