import type { QueryClient } from '@tanstack/react-query';
import type { TeamMember } from '../api/presence-api.ts';
import type { ConversationSummary } from '../api/types.ts';
import { applyStatus, markMessagesRead } from '../lib/thread-messages.ts';
import { applyConversationFields, isOpen, listRows, refreshConversation, type ListData } from '../queries/conversation-cache.ts';
import { queryKeys } from '../queries/query-keys.ts';
import { updateThread, upsertThreadMessage } from '../queries/thread-cache.ts';
import type { LiveEvent, ServerEvent } from './live-events.ts';

/** A customer message changes the reply window, which only the server computes: re-read, at most once a second. */
const REFRESH_DELAY_MS = 1000;

export interface LiveCache {
  /** Apply one event to the cache; a resync answers the promise of its refetches. */
  apply: (event: LiveEvent) => void | Promise<unknown>;
  dispose: () => void;
}

/**
 * The live connection feeding the query cache: every event lands in the lists, the threads and
 * the conversation details it touches, whether or not a page shows them now, so what the pages
 * read is current. `resync` refetches what the cache holds.
 */
export function createLiveCache(queryClient: QueryClient, meId: number | null): LiveCache {
  /** Reads of a conversation planned (a timer) or under way; one at a time per conversation. */
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Reads under way: their answer may have been read before a change that arrives meanwhile… */
  const reading = new Set<number>();
  /** …so a read asked for while one is under way runs when it ends (`insert` if either asked it). */
  const readAgain = new Map<number, boolean>();
  let disposed = false;
  const refresh = (id: number, insert: boolean) => {
    if (disposed) return;
    if (reading.has(id)) {
      readAgain.set(id, insert || (readAgain.get(id) ?? false));
      return;
    }
    // A read planned but not started yet will see this change too.
    if (timers.has(id)) return;
    const run = () => {
      reading.add(id);
      void refreshConversation(queryClient, id, { insert, meId })
        .catch(() => undefined)
        .finally(() => {
          timers.delete(id);
          reading.delete(id);
          const again = readAgain.get(id);
          readAgain.delete(id);
          if (again !== undefined) refresh(id, again);
        });
    };
    timers.set(id, setTimeout(run, insert ? 0 : REFRESH_DELAY_MS));
  };

  const apply = (event: LiveEvent): void | Promise<unknown> => {
    if (event.type === 'resync') return resync(queryClient);
    if (event.type === 'new:message') return onNewMessage(queryClient, event, refresh, meId);
    if (event.type === 'contact:updated') return onContactUpdated(queryClient, event.contactId, refresh, reading);
    applyThreadEvent(queryClient, event, meId);
  };
  const dispose = () => {
    disposed = true;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    readAgain.clear();
  };
  return { apply, dispose };
}

type Refresh = (id: number, insert: boolean) => void;

/**
 * A contact's name or picture changed (an edit, or a platform's profile arriving after the first
 * message): only the conversations of theirs that this cache holds are read again, one request
 * each as after a new message (every agent refetching every list for each new customer would not
 * do), and the contacts lists are marked stale. A conversation whose first read is under way is
 * in no list yet and its contact unknown here, so it is read again too: a new customer's profile
 * often arrives just then, and the row would keep the nameless answer until its next message.
 */
function onContactUpdated(queryClient: QueryClient, contactId: number, refresh: Refresh, underWay: ReadonlySet<number>): void {
  const ids = new Set<number>(underWay);
  for (const [, data] of queryClient.getQueriesData<ListData>({ queryKey: queryKeys.lists() })) {
    if (data) for (const row of listRows(data)) if (row.contact.id === contactId) ids.add(row.id);
  }
  for (const [, data] of queryClient.getQueriesData<{ id?: unknown; contactId?: unknown }>({ queryKey: queryKeys.conversations() })) {
    if (data?.contactId === contactId && typeof data.id === 'number') ids.add(data.id);
  }
  for (const id of ids) refresh(id, false);
  void queryClient.invalidateQueries({ queryKey: queryKeys.contactLists() });
}

function onNewMessage(queryClient: QueryClient, event: Extract<ServerEvent, { type: 'new:message' }>, refresh: Refresh, meId: number | null): void {
  const { message, conversation } = event;
  upsertThreadMessage(queryClient, message);
  const open = isOpen(queryClient, conversation.id);
  const lists = queryClient.getQueriesData<ListData>({ queryKey: queryKeys.lists() });
  // A list on its first read counts as missing it too: the answer may have been read before this message.
  const missing = lists.some(([key, data]) => (data ? !listRows(data).some((r) => r.id === conversation.id) : queryClient.isFetching({ queryKey: key, exact: true }) > 0));
  // The open conversation is read as it arrives: its count stays at zero.
  const override: Partial<ConversationSummary> = open && message.direction === 'inbound' ? { unreadCount: 0 } : {};
  applyConversationFields(queryClient, conversation, override, meId);
  if (missing) refresh(conversation.id, true);
  else if (message.direction === 'inbound' || open) refresh(conversation.id, false);
}

/** Events about messages and conversations already known: merged where they are cached. */
function applyThreadEvent(queryClient: QueryClient, event: Exclude<ServerEvent, { type: 'new:message' }>, meId: number | null): void {
  switch (event.type) {
    case 'message:updated':
      return upsertThreadMessage(queryClient, event.message);
    case 'message:deleted':
      return updateThread(queryClient, event.conversationId, (messages) => messages.filter((m) => m.id !== event.messageId));
    case 'message:sent':
    case 'message:status':
      return updateThread(queryClient, event.conversationId, (messages) => applyStatus(messages, { ...event, externalId: 'externalId' in event ? event.externalId : undefined }));
    case 'presence:updated':
      // The team list (assignee pickers, authors) and the people settings show each agent's presence.
      for (const key of [queryKeys.users(), queryKeys.managedUsers()]) {
        queryClient.setQueryData<TeamMember[]>(key, (users) => users?.map((u) => (u.id === event.userId ? { ...u, presence: event.presence } : u)));
      }
      return;
    case 'conversation:updated':
      applyConversationFields(queryClient, event.conversation, {}, meId);
      if (event.readMessageIds?.length) updateThread(queryClient, event.conversation.id, (messages) => markMessagesRead(messages, event.readMessageIds ?? []));
      return;
  }
}

/**
 * What the cache holds can no longer be trusted: lists start over from their first page (a
 * refetch of every page loaded would be slow and is not needed), threads and details are read
 * again (threads merge their newest page, so the reader's place is kept).
 */
function resync(queryClient: QueryClient): Promise<unknown> {
  for (const [key, data] of queryClient.getQueriesData<ListData>({ queryKey: queryKeys.lists() })) {
    if (data && data.pages.length > 1) queryClient.setQueryData<ListData>(key, { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) });
  }
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: queryKeys.threads() }),
    queryClient.invalidateQueries({ queryKey: queryKeys.conversations() }),
    queryClient.invalidateQueries({ queryKey: queryKeys.users() }),
  ]);
}
