import { inboxHref } from '../../lib/list-filters.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { navigate } from 'wouter/use-browser-location';
import { updateConversation, type ConversationChanges } from '../../api/inbox-api.ts';
import type { ConversationSummary } from '../../api/types.ts';
import { useShortcuts } from '../../app/use-shortcuts.ts';
import { neighbour } from '../../lib/shortcuts.ts';
import { applyConversationFields } from '../../queries/conversation-cache.ts';

/**
 * The composer in the mode asked (reply or private note), focused; false when it is not drawn yet
 * (its conversation's details are on their way). The note toggle is the composer's own button.
 */
function focusComposer(note: boolean): boolean {
  const composer = document.querySelector<HTMLTextAreaElement>('[data-testid="composer"]');
  if (!composer) return false;
  const toggle = document.querySelector<HTMLButtonElement>('[data-testid="note-toggle"]');
  if (toggle && (toggle.getAttribute('aria-pressed') === 'true') !== note) toggle.click();
  composer.focus();
  return true;
}

/**
 * r or n pressed before the open conversation's composer is drawn (just after j/k, on a slow
 * connection): the composer is focused, in the mode asked, as soon as it appears, instead of the
 * key doing nothing. Forgotten when another conversation is opened.
 */
function useComposerWhenDrawn(conversationId: number | null) {
  const [asked, setAsked] = useState<{ conversationId: number; note: boolean } | null>(null);
  useEffect(() => {
    if (!asked) return;
    if (asked.conversationId !== conversationId) return setAsked(null);
    if (focusComposer(asked.note)) return setAsked(null);
    // Disconnected at once on success: the note toggle's click changes the page too, and a second
    // call before its state is drawn would click it back.
    const observer = new MutationObserver(() => {
      if (!focusComposer(asked.note)) return;
      observer.disconnect();
      setAsked(null);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [asked, conversationId]);
  return (note: boolean) => {
    if (conversationId !== null && !focusComposer(note)) setAsked({ conversationId, note });
  };
}

/**
 * The inbox's keyboard shortcuts (lib/shortcuts.ts): j/k through the list, r/n into the
 * composer, e resolves and goes to the next waiting conversation (`resolveAndNext`), a assigns to me, / searches, ? lists them. A conversation opened with
 * j/k leaves the focus in the list (its composer does not take it), so the next j still moves.
 */
export function useInboxShortcuts(items: readonly ConversationSummary[], conversationId: number | null, meId: number, resolveAndNext?: () => void) {
  const queryClient = useQueryClient();
  const [helpOpen, setHelpOpen] = useState(false);
  const [openedByKey, setOpenedByKey] = useState<number | null>(null);
  const update = useMutation({
    mutationFn: (changes: ConversationChanges) => updateConversation(conversationId!, changes),
    onSuccess: (fields) => applyConversationFields(queryClient, fields),
  });
  const go = (step: 1 | -1) => {
    const id = neighbour(
      items.map((c) => c.id),
      conversationId,
      step,
    );
    if (id === null) return;
    setOpenedByKey(id);
    navigate(inboxHref(id, window.location.search));
    window.requestAnimationFrame(() => {
      const row = document.querySelector<HTMLElement>(`[data-testid="conversation-row"][data-conversation-id="${id}"]`);
      row?.focus();
      row?.scrollIntoView({ block: 'nearest' });
    });
  };
  const open = conversationId !== null;
  const askComposer = useComposerWhenDrawn(conversationId);
  // While the `?` dialog is open the keys are its own (isTypingTarget: inside an open dialog).
  useShortcuts({
    next: () => go(1),
    previous: () => go(-1),
    reply: () => askComposer(false),
    note: () => askComposer(true),
    resolve: () => open && (resolveAndNext ? resolveAndNext() : update.mutate({ status: 'resolved' })),
    assignToMe: () => open && update.mutate({ assigneeId: meId }),
    search: () => document.getElementById('inbox-search')?.focus(),
    help: () => setHelpOpen(true),
  });
  return { helpOpen, closeHelp: () => setHelpOpen(false), autoFocusComposer: openedByKey !== conversationId };
}
