import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, isAbort } from '../../api/http.ts';
import { listConversations } from '../../api/inbox-api.ts';
import type { ListFilters } from '../../lib/list-filters.ts';
import type { ConversationSummary } from '../../api/types.ts';
import { appendPage } from '../../lib/conversation-list.ts';

export interface ConversationListState {
  items: ConversationSummary[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
}

const EMPTY: ConversationListState = { items: [], nextCursor: null, loading: true, loadingMore: false, error: null };

/**
 * The inbox list for a set of filters: the first page, more pages on demand (`nextCursor`),
 * a refresh that replaces everything (filters changed, a resync, the 30-second fallback), and
 * `update` for live changes.
 */
export function useConversationList(filters: ListFilters) {
  const [state, setState] = useState<ConversationListState>(EMPTY);
  const generation = useRef(0);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const key = `${filters.platform}|${filters.status}|${filters.assignee}|${filters.unread}`;

  const refresh = useCallback(async (options: { quiet?: boolean } = {}) => {
    const gen = ++generation.current;
    if (!options.quiet) setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const page = await listConversations(filtersRef.current);
      if (gen !== generation.current) return;
      setState({ items: page.conversations, nextCursor: page.nextCursor, loading: false, loadingMore: false, error: null });
    } catch (err) {
      if (gen !== generation.current || isAbort(err)) return;
      setState((s) => ({ ...s, loading: false, loadingMore: false, error: errorMessage(err) }));
    }
  }, []);

  useEffect(() => {
    setState(EMPTY);
    void refresh();
  }, [key, refresh]);

  const loadingMore = useRef(false);
  const loadMore = useCallback(async () => {
    const cursor = state.nextCursor;
    if (!cursor || loadingMore.current) return;
    loadingMore.current = true;
    const gen = generation.current;
    setState((s) => ({ ...s, loadingMore: true }));
    try {
      const page = await listConversations(filtersRef.current, cursor);
      if (gen !== generation.current) return;
      setState((s) => ({ ...s, items: appendPage(s.items, page.conversations), nextCursor: page.nextCursor, loadingMore: false }));
    } catch (err) {
      if (gen === generation.current) setState((s) => ({ ...s, loadingMore: false, error: errorMessage(err) }));
    } finally {
      loadingMore.current = false;
    }
  }, [state.nextCursor]);

  const update = useCallback((fn: (items: ConversationSummary[]) => ConversationSummary[]) => {
    setState((s) => {
      const items = fn(s.items);
      return items === s.items ? s : { ...s, items };
    });
  }, []);

  return { ...state, refresh, loadMore, update };
}
