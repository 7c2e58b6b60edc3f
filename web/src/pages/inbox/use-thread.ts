import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { errorMessage } from '../../api/http.ts';
import { markRead } from '../../api/inbox-api.ts';
import type { Message } from '../../api/types.ts';
import { useLive } from '../../live/live-provider.tsx';
import { conversationDetailQuery, markConversationRead } from '../../queries/conversation-cache.ts';
import { queryKeys } from '../../queries/query-keys.ts';
import { fetchOlder, fetchThreadHead, THREAD_PAGE, type ThreadData } from '../../queries/thread-cache.ts';

/** Looking for a search hit far back: bigger pages (the API allows 500). */
const SEEK_PAGE = 500;
/** A burst of customer messages is read once, not once each. */
const READ_AGAIN_AFTER_MS = 1500;
const NO_MESSAGES: Message[] = [];

/** The open conversation's detail for panels beside the thread (the same cache entry as the thread's). */
export function useConversationDetail(id: number | null) {
  return useQuery(conversationDetailQuery(useQueryClient(), id)).data ?? null;
}

/**
 * One open conversation: its detail (exact reply window, identities) and its messages, newest
 * page first, older pages on demand. Both live in the query cache, which the live connection
 * keeps current (live/live-cache.ts); here the conversation is followed, read, and paged.
 */
export function useThread(conversationId: number) {
  const queryClient = useQueryClient();
  const detail = useQuery(conversationDetailQuery(queryClient, conversationId));
  const thread = useQuery({ queryKey: queryKeys.thread(conversationId), queryFn: ({ signal }) => fetchThreadHead(queryClient, conversationId, signal), staleTime: Infinity });
  const older = useMutation({ mutationFn: (limit: number) => fetchOlder(queryClient, conversationId, limit) });
  useFollow(conversationId);
  useReadOnArrival(conversationId, thread.data);

  const { mutateAsync: fetchOlderPage, isPending: loadingOlder } = older;
  const loadOlder = useCallback(() => (loadingOlder ? Promise.resolve(false) : fetchOlderPage(THREAD_PAGE).catch(() => false)), [loadingOlder, fetchOlderPage]);

  /** Load older pages until `messageId` is in the thread (a search hit); false when it is not there at all. */
  const seek = useCallback(
    async (messageId: number): Promise<boolean> => {
      const has = () => queryClient.getQueryData<ThreadData>(queryKeys.thread(conversationId))?.messages.some((m) => m.id === messageId) ?? false;
      while (!has()) if (!(await fetchOlder(queryClient, conversationId, SEEK_PAGE))) return false;
      return true;
    },
    [queryClient, conversationId],
  );

  const status = detail.isError || thread.isError ? 'error' : detail.data && thread.data ? 'ready' : 'loading';
  return {
    status,
    error: (detail.error ?? thread.error) ? errorMessage(detail.error ?? thread.error) : null,
    detail: detail.data ?? null,
    messages: thread.data?.messages ?? NO_MESSAGES,
    previousCursor: thread.data?.previousCursor ?? null,
    loadingOlder,
    olderError: older.error ? errorMessage(older.error) : null,
    loadOlder,
    seek,
    refreshDetail: () => void queryClient.invalidateQueries({ queryKey: queryKeys.conversation(conversationId) }),
    reload: () => void Promise.all([detail.refetch(), thread.refetch()]),
  };
}

export type Thread = ReturnType<typeof useThread>;

/** Join the conversation's room while it is open (re-sent by the live connection after a reconnect). */
function useFollow(conversationId: number): void {
  const { join, leave } = useLive();
  useEffect(() => {
    join(conversationId);
    return () => leave(conversationId);
  }, [conversationId, join, leave]);
}

/**
 * The agent is looking at it: the conversation is read once it has loaded, and again when a
 * customer's message arrives while the page is visible.
 */
function useReadOnArrival(conversationId: number, data: ThreadData | undefined): void {
  const queryClient = useQueryClient();
  const lastRead = useRef<{ id: number; at: number; inbound: number | undefined } | null>(null);
  const newestInbound = data?.messages.findLast((m) => m.direction === 'inbound')?.id;
  const loaded = data !== undefined;
  useEffect(() => {
    if (!loaded) return;
    const last = lastRead.current;
    const first = last?.id !== conversationId;
    if (!first && (newestInbound === last.inbound || document.visibilityState !== 'visible' || Date.now() - last.at < READ_AGAIN_AFTER_MS)) return;
    lastRead.current = { id: conversationId, at: Date.now(), inbound: newestInbound };
    markConversationRead(queryClient, conversationId);
    markRead(conversationId).catch(() => undefined);
  }, [conversationId, loaded, newestInbound, queryClient]);
}
