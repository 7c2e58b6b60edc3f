import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { errorMessage } from '../../api/http.ts';
import type { ListFilters } from '../../lib/list-filters.ts';
import { useLive } from '../../live/live-provider.tsx';
import { useMe } from '../../app/session.tsx';
import { fetchListPage, listRows, type ConversationPage, type ListData } from '../../queries/conversation-cache.ts';
import { queryKeys } from '../../queries/query-keys.ts';

/** How often the list refetches while the live connection is down (the original guide's 30 s poll). */
export const FALLBACK_POLL_MS = 30_000;

/**
 * The inbox list for a set of filters: the first page, more pages on demand. The live
 * connection keeps it current through the cache (live/live-cache.ts); while it is down, the
 * list is refetched every 30 seconds instead.
 */
export function useConversationList(filters: ListFilters) {
  const { connected } = useLive();
  const meId = useMe().id;
  const queryClient = useQueryClient();
  const query = useInfiniteQuery<ConversationPage, Error, ListData, ReturnType<typeof queryKeys.list>, string | null>({
    queryKey: queryKeys.list(filters),
    queryFn: ({ pageParam, signal }) => fetchListPage(queryClient, filters, pageParam, meId, signal),
    initialPageParam: null,
    getNextPageParam: (page) => page.nextCursor,
    staleTime: Infinity,
    refetchInterval: connected ? false : FALLBACK_POLL_MS,
  });
  const items = useMemo(() => (query.data ? listRows(query.data) : []), [query.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage, refetch } = query;
  return {
    items,
    loading: query.isPending,
    loadingMore: isFetchingNextPage,
    error: query.error ? errorMessage(query.error) : null,
    hasMore: hasNextPage,
    loadMore: useCallback(() => void (hasNextPage && !isFetchingNextPage && fetchNextPage()), [hasNextPage, isFetchingNextPage, fetchNextPage]),
    retry: () => void refetch(),
  };
}
