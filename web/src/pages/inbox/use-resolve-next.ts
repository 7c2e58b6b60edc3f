import { useMutation, useQueryClient } from '@tanstack/react-query';
import { navigate } from 'wouter/use-browser-location';
import { errorMessage } from '../../api/http.ts';
import { updateConversation } from '../../api/inbox-api.ts';
import type { ConversationSummary } from '../../api/types.ts';
import { inboxHref } from '../../lib/list-filters.ts';
import { nextConversation } from '../../lib/next-conversation.ts';
import { applyConversationFields } from '../../queries/conversation-cache.ts';

/**
 * Resolve the open conversation and go on to the next one waiting in the view the agent is in
 * (lib/next-conversation.ts; back to the list when there is none). The next one is chosen from
 * the rows as they were when Resolve was pressed; the move happens once the server has agreed,
 * so a refused resolve leaves the agent where they were, with the reason.
 */
export function useResolveAndNext(items: readonly ConversationSummary[], conversationId: number | null) {
  const queryClient = useQueryClient();
  const resolve = useMutation({
    mutationFn: ({ id }: { id: number; next: number | null }) => updateConversation(id, { status: 'resolved' }),
    onSuccess: (fields, { next }) => {
      applyConversationFields(queryClient, fields);
      navigate(inboxHref(next, window.location.search));
      // The focus never falls to the page: the next thread's composer takes it (or, on a phone, its heading); back in the list, the first row.
      window.requestAnimationFrame(() => {
        if (document.activeElement && document.activeElement !== document.body) return;
        const target = next === null ? document.querySelector<HTMLElement>('[data-testid="conversation-row"]') : document.querySelector<HTMLElement>('[data-testid="thread-contact-name"]');
        target?.focus();
        if (next !== null) document.querySelector(`[data-testid="conversation-row"][data-conversation-id="${next}"]`)?.scrollIntoView({ block: 'nearest' });
      });
    },
  });
  const run = () => {
    if (conversationId === null || resolve.isPending) return;
    resolve.mutate({ id: conversationId, next: nextConversation(items, conversationId) });
  };
  return { run, pending: resolve.isPending, error: resolve.error ? errorMessage(resolve.error) : null };
}
