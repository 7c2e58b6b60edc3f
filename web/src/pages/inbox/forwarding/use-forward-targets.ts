import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../api/http.ts';
import { getConversation, listConversations, search } from '../../../api/inbox-api.ts';
import type { ConversationSummary } from '../../../api/types.ts';
import { NO_FILTERS } from '../../../lib/list-filters.ts';
import { queryKeys } from '../../../queries/query-keys.ts';

/** Search hits looked up for their reply windows: the first few conversations a search names. */
const MAX_SEARCHED = 8;
/** Conversations offered before the agent types: the most recent, on every platform and status. */
const RECENT = 20;
const DEBOUNCE_MS = 250;

export type TargetsState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; conversations: ConversationSummary[]; searching: boolean };

/** Conversations a search found (people and messages), each once, in the order found. */
async function searched(q: string, signal: AbortSignal): Promise<ConversationSummary[]> {
  const { results } = await search(q, signal);
  const ids = [...new Set(results.map((r) => r.conversationId))].slice(0, MAX_SEARCHED);
  // The search answers no reply window; each conversation's detail does, exactly (the picker shows it).
  return Promise.all(ids.map((id) => getConversation(id, signal)));
}

async function recent(signal: AbortSignal): Promise<ConversationSummary[]> {
  const page = await listConversations(NO_FILTERS, undefined, signal);
  return page.conversations.slice(0, RECENT);
}

/**
 * The conversations the forward dialog offers, across platforms: the latest ones, or what the
 * search API finds for what the agent typed (a name, a number, words of a message), each with
 * its platform, contact and reply window. The conversation forwarded from is left out.
 */
export function useForwardTargets(query: string, excludeId: number): TargetsState {
  const q = query.trim();
  const [settled, setSettled] = useState(q);
  useEffect(() => {
    const t = window.setTimeout(() => setSettled(q), DEBOUNCE_MS);
    return () => window.clearTimeout(t);
  }, [q]);
  const result = useQuery({
    queryKey: queryKeys.forwardTargets(settled),
    queryFn: ({ signal }) => (settled ? searched(settled, signal) : recent(signal)),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  if (result.isError) return { status: 'error', message: errorMessage(result.error) };
  if (!result.data) return { status: 'loading' };
  return { status: 'ready', conversations: result.data.filter((c) => c.id !== excludeId), searching: q !== settled || result.isPlaceholderData };
}
