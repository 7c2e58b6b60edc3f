import type { QueryClient } from '@tanstack/react-query';
import { listMessages } from '../api/inbox-api.ts';
import type { Message } from '../api/types.ts';
import { mergeMessages } from '../lib/thread-messages.ts';
import { queryKeys } from './query-keys.ts';

/** A thread as cached: every message loaded so far, in order, and where the older ones continue. */
export interface ThreadData {
  messages: Message[];
  /** null once the beginning of the conversation is loaded. */
  previousCursor: string | null;
}

export const THREAD_PAGE = 100;

/** Threads whose first load was in flight when a live event touched them, per cache. */
const loadingChanges = new WeakMap<QueryClient, Set<number>>();
function changedWhileLoading(queryClient: QueryClient): Set<number> {
  let ids = loadingChanges.get(queryClient);
  if (!ids) loadingChanges.set(queryClient, (ids = new Set()));
  return ids;
}

/**
 * Change a cached thread; threads not in the cache stay out of it (they load whole when opened).
 * A thread whose first load is in flight is read again when that load ends: its answer may have
 * been read before this change was committed, and would otherwise hide it until the next reload.
 */
export function updateThread(queryClient: QueryClient, id: number, fn: (messages: Message[]) => Message[]): void {
  const key = queryKeys.thread(id);
  if (queryClient.getQueryData(key) === undefined) {
    if (queryClient.isFetching({ queryKey: key, exact: true }) > 0) changedWhileLoading(queryClient).add(id);
    return;
  }
  queryClient.setQueryData<ThreadData>(key, (data) => {
    if (!data) return data;
    const messages = fn(data.messages);
    return messages === data.messages ? data : { ...data, messages };
  });
}

/** A message as the server answered it (a send, a retry, a live event), merged by id. */
export function upsertThreadMessage(queryClient: QueryClient, message: Message): void {
  updateThread(queryClient, message.conversationId, (messages) => mergeMessages(messages, [message]));
}

/**
 * The newest page, merged into what is cached: a refetch (a resync, reopening) never drops the
 * older pages already read nor a message a live event put in, and keeps their cursor.
 */
export async function fetchThreadHead(queryClient: QueryClient, id: number, signal?: AbortSignal): Promise<ThreadData> {
  changedWhileLoading(queryClient).delete(id);
  const page = await listMessages(id, { limit: THREAD_PAGE, signal });
  const cached = queryClient.getQueryData<ThreadData>(queryKeys.thread(id));
  if (!cached && changedWhileLoading(queryClient).has(id)) return fetchThreadHead(queryClient, id, signal);
  if (!cached) return { messages: page.messages, previousCursor: page.previousCursor };
  return { messages: mergeMessages(cached.messages, page.messages), previousCursor: cached.previousCursor };
}

/** The page before the oldest loaded message; false when there is none. */
export async function fetchOlder(queryClient: QueryClient, id: number, limit = THREAD_PAGE): Promise<boolean> {
  const cursor = queryClient.getQueryData<ThreadData>(queryKeys.thread(id))?.previousCursor;
  if (!cursor) return false;
  const page = await listMessages(id, { before: cursor, limit });
  queryClient.setQueryData<ThreadData>(queryKeys.thread(id), (data) => data && { messages: mergeMessages(data.messages, page.messages), previousCursor: page.previousCursor });
  return true;
}
