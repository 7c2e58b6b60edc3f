import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/http.ts';
import { search } from '../../api/inbox-api.ts';
import type { SearchResult } from '../../api/types.ts';
import { queryKeys } from '../../queries/query-keys.ts';

export type SearchState = { status: 'idle' } | { status: 'searching'; results: SearchResult[] } | { status: 'done'; results: SearchResult[] } | { status: 'error'; message: string };

const DEBOUNCE_MS = 250;

/** The query after it has stopped changing for `ms`. */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/**
 * Search as you type: debounced, and a newer query cancels the request before it (the query's
 * AbortSignal); the previous results stay on screen while the next ones load.
 */
export function useSearch(query: string): SearchState {
  const q = query.trim();
  const settled = useDebounced(q, DEBOUNCE_MS);
  const result = useQuery({
    queryKey: queryKeys.search(settled),
    queryFn: ({ signal }) => search(settled, signal),
    enabled: settled !== '',
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  if (!q) return { status: 'idle' };
  if (result.isError) return { status: 'error', message: errorMessage(result.error) };
  const results = result.data?.results ?? [];
  return q !== settled || result.isFetching || result.isPlaceholderData ? { status: 'searching', results } : { status: 'done', results };
}
