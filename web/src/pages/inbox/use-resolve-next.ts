import { useMutation, useQueryClient } from '@tanstack/react-query';
import { navigate } from 'wouter/use-browser-location';
import { errorMessage } from '../../api/http.ts';
import { updateConversation } from '../../api/inbox-api.ts';
import type { ConversationSummary } from '../../api/types.ts';
import { inboxHref } from '../../lib/list-filters.ts';
import { nextConversation } from '../../lib/next-conversation.ts';
import { applyConversationFields } from '../../queries/conversation-cache.ts';

/** How long the next thread may take to show its heading before the focus is left where it is. */
const FOCUS_WAIT_MS = 10_000;

/**
 * Focus what `selector` finds once the page shows it, unless something has taken the focus
 * meanwhile (the composer, on a desktop). The next thread's heading appears only when the thread
 * has loaded: until then nothing would take the focus, and it would fall to the page.
 */
export function focusWhenShown(selector: string, ms = FOCUS_WAIT_MS): void {
  const settle = (): boolean => {
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return true;
    const el = document.querySelector<HTMLElement>(selector);
    el?.focus();
    return !!el;
  };
  window.requestAnimationFrame(() => {
    if (settle()) return;
    const observer = new MutationObserver(() => settle() && stop());
    const timer = window.setTimeout(() => stop(), ms);
    const stop = () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

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
      // The focus never falls to the page: the next thread's composer takes it (or, on a phone, its
      // heading, once the thread has loaded and shows it); back in the list, the first row.
      if (next === null) focusWhenShown('[data-testid="conversation-row"]');
      else {
        focusWhenShown(`[data-testid="thread"][data-conversation-id="${next}"] [data-testid="thread-contact-name"]`);
        window.requestAnimationFrame(() => document.querySelector(`[data-testid="conversation-row"][data-conversation-id="${next}"]`)?.scrollIntoView({ block: 'nearest' }));
      }
    },
  });
  const run = () => {
    if (conversationId === null || resolve.isPending) return;
    resolve.mutate({ id: conversationId, next: nextConversation(items, conversationId) });
  };
  return { run, pending: resolve.isPending, error: resolve.error ? errorMessage(resolve.error) : null };
}
