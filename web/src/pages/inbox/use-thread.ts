import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, isAbort } from '../../api/http.ts';
import { getConversation, listMessages, markRead } from '../../api/inbox-api.ts';
import type { ConversationDetail, ConversationFields, Message, User } from '../../api/types.ts';
import { applyFields } from '../../lib/conversation-list.ts';
import { applyStatus, markMessagesRead, mergeMessages } from '../../lib/thread-messages.ts';
import { useLive, useLiveEvents } from '../../live/live-provider.tsx';

const PAGE = 100;
/** Looking for a search hit far back: bigger pages (the API allows 500). */
const SEEK_PAGE = 500;

export interface ThreadState {
  /** The conversation this state is about. */
  id: number | null;
  detail: ConversationDetail | null;
  messages: Message[];
  previousCursor: string | null;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  loadingOlder: boolean;
  /** An older page failed: no automatic retry (it would loop), the agent retries. */
  olderError: string | null;
}

const LOADING: ThreadState = { id: null, detail: null, messages: [], previousCursor: null, status: 'loading', error: null, loadingOlder: false, olderError: null };

/**
 * One open conversation: its detail (exact reply window, identities) and its messages, newest
 * page first, older pages on demand. Live events for it are merged in by id, so a page that
 * arrives after an event (or an event after a send) never duplicates or rolls back a message.
 */
export function useThread(conversationId: number | null, users: readonly User[], onRead: (id: number) => void) {
  const [state, setState] = useState<ThreadState>(LOADING);
  const current = useRef(conversationId);
  current.current = conversationId;
  const olderBusy = useRef(false);
  const refreshTimer = useRef<number | undefined>(undefined);
  const lastRead = useRef(0);
  const onReadRef = useRef(onRead);
  onReadRef.current = onRead;

  const set = useCallback((id: number, fn: (s: ThreadState) => ThreadState) => {
    setState((s) => (current.current === id && s.id === id ? fn(s) : s));
  }, []);

  const read = useCallback((id: number) => {
    lastRead.current = Date.now();
    onReadRef.current(id);
    markRead(id).catch(() => undefined);
  }, []);

  const load = useCallback(
    async (id: number, signal?: AbortSignal): Promise<boolean> => {
      try {
        const [detail, page] = await Promise.all([getConversation(id, signal), listMessages(id, { limit: PAGE, signal })]);
        set(id, (s) => ({ ...s, detail, messages: mergeMessages(s.messages, page.messages), previousCursor: s.status === 'ready' ? s.previousCursor : page.previousCursor, status: 'ready', error: null }));
        return true;
      } catch (err) {
        if (!isAbort(err)) set(id, (s) => (s.status === 'ready' ? s : { ...s, status: 'error', error: errorMessage(err) }));
        return false;
      }
    },
    [set],
  );

  const { join, leave } = useLive();
  useEffect(() => {
    setState({ ...LOADING, id: conversationId });
    if (conversationId === null) return;
    const ctl = new AbortController();
    join(conversationId);
    void load(conversationId, ctl.signal).then((ok) => ok && !ctl.signal.aborted && read(conversationId));
    return () => {
      ctl.abort();
      leave(conversationId);
    };
  }, [conversationId, load, read, join, leave]);

  /** The reply window changes with every message: refetch the detail, at most once a second. */
  const refreshDetail = useCallback(() => {
    const id = current.current;
    if (id === null) return;
    window.clearTimeout(refreshTimer.current);
    refreshTimer.current = window.setTimeout(() => {
      getConversation(id).then((detail) => set(id, (s) => ({ ...s, detail })), () => undefined);
    }, 1000);
  }, [set]);
  useEffect(() => () => window.clearTimeout(refreshTimer.current), []);

  const loadOlder = useCallback(
    async (limit = PAGE): Promise<boolean> => {
      const id = current.current;
      const cursor = state.previousCursor;
      if (id === null || !cursor || olderBusy.current) return false;
      olderBusy.current = true;
      set(id, (s) => ({ ...s, loadingOlder: true, olderError: null }));
      try {
        const page = await listMessages(id, { before: cursor, limit });
        set(id, (s) => ({ ...s, messages: mergeMessages(s.messages, page.messages), previousCursor: page.previousCursor, loadingOlder: false }));
        return true;
      } catch (err) {
        set(id, (s) => ({ ...s, loadingOlder: false, olderError: errorMessage(err) }));
        return false;
      } finally {
        olderBusy.current = false;
      }
    },
    [state.previousCursor, set],
  );

  const upsert = useCallback((message: Message) => {
    const id = current.current;
    if (id !== null && message.conversationId === id) set(id, (s) => ({ ...s, messages: mergeMessages(s.messages, [message]) }));
  }, [set]);

  const applyConversation = useCallback(
    (fields: ConversationFields) => {
      const id = current.current;
      if (id === fields.id) set(id, (s) => (s.detail ? { ...s, detail: { ...s.detail, ...applyFields(s.detail, fields, users) } } : s));
    },
    [set, users],
  );

  useLiveEvents((event) => {
    const id = current.current;
    if (id === null) return;
    switch (event.type) {
      case 'new:message':
        if (event.message.conversationId !== id) return;
        set(id, (s) => ({ ...s, messages: mergeMessages(s.messages, [event.message]) }));
        applyConversation(event.conversation);
        refreshDetail();
        // The agent is looking at it: the customer's new message is read at once.
        if (event.message.direction === 'inbound' && document.visibilityState === 'visible' && Date.now() - lastRead.current > 1500) read(id);
        return;
      case 'message:updated':
        if (event.message.conversationId === id) set(id, (s) => ({ ...s, messages: mergeMessages(s.messages, [event.message]) }));
        return;
      case 'message:deleted':
        if (event.conversationId === id) set(id, (s) => ({ ...s, messages: s.messages.filter((m) => m.id !== event.messageId) }));
        return;
      case 'message:sent':
      case 'message:status':
        if (event.conversationId === id) {
          set(id, (s) => ({ ...s, messages: applyStatus(s.messages, { ...event, externalId: 'externalId' in event ? event.externalId : undefined }) }));
        }
        return;
      case 'conversation:updated':
        if (event.conversation.id !== id) return;
        applyConversation(event.conversation);
        if (event.readMessageIds?.length) set(id, (s) => ({ ...s, messages: markMessagesRead(s.messages, event.readMessageIds ?? []) }));
        return;
      case 'resync':
        return load(id);
    }
  });

  /** Load older pages until `messageId` is in the thread (a search hit); false when it is not there at all. */
  const seek = useCallback(
    async (messageId: number): Promise<boolean> => {
      const id = current.current;
      if (id === null) return false;
      let cursor = state.previousCursor;
      let found = state.messages.some((m) => m.id === messageId);
      while (!found && cursor && current.current === id) {
        const page = await listMessages(id, { before: cursor, limit: SEEK_PAGE });
        set(id, (s) => ({ ...s, messages: mergeMessages(s.messages, page.messages), previousCursor: page.previousCursor }));
        found = page.messages.some((m) => m.id === messageId);
        cursor = page.previousCursor;
      }
      return found;
    },
    [state.previousCursor, state.messages, set],
  );

  // Until the effect has reset it, the state may still be the previous conversation's.
  const visible = state.id === conversationId ? state : { ...LOADING, id: conversationId };
  return { ...visible, loadOlder, upsert, applyConversation, refreshDetail, seek, reload: () => (current.current !== null ? load(current.current) : undefined) };
}
