import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useSearch } from 'wouter';
import { useTranslation } from 'react-i18next';
import { navigate } from 'wouter/use-browser-location';
import type { ConversationSummary } from '../../api/types.ts';
import { useMe } from '../../app/session.tsx';
import { focusWhenReady } from '../../lib/focus.ts';
import { filtersFromSearch, inboxHref, searchOfFilters, type ListFilters } from '../../lib/list-filters.ts';
import { useLiveEvents } from '../../live/live-provider.tsx';
import { usePlatformName } from '../../queries/use-platforms.ts';
import { ContactPanel } from './ContactPanel.tsx';
import { InboxFilters } from './InboxFilters.tsx';
import { SearchBox } from './SearchBox.tsx';
import { SearchResults } from './SearchResults.tsx';
import { SelectableList } from './SelectableList.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { ThreadView } from './ThreadView.tsx';
import { useConversationList } from './use-conversation-list.ts';
import { useInboxShortcuts } from './use-inbox-shortcuts.ts';
import { useResolveAndNext } from './use-resolve-next.ts';
import { useConversationDetail } from './use-thread.ts';
import { useUsers } from './use-users.ts';
import './inbox.css';

interface Props {
  conversationId: number | null;
  /** A search hit to scroll to (`?m=`). */
  focusMessageId: number | null;
}

/** "New message from Ana on WhatsApp", for screen readers, as customers write. */
function useArrivalAnnouncement(items: readonly ConversationSummary[]): string {
  const [announcement, setAnnouncement] = useState('');
  const platformLabel = usePlatformName();
  const { t } = useTranslation('inbox');
  useLiveEvents((event) => {
    if (event.type !== 'new:message' || event.message.direction !== 'inbound') return;
    const row = items.find((r) => r.id === event.conversation.id);
    const who = row?.contact.name ?? t('aCustomer');
    setAnnouncement(row ? t('newMessageOn', { who, platform: platformLabel(row.platform) }) : t('newMessage', { who }));
  });
  return announcement;
}

/** The list's view lives in the address: a reload or a shared link keeps filters, order and search (`q`). */
function useViewInAddress(conversationId: number | null) {
  const search = useSearch();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const setFilters = (next: ListFilters) => navigate(inboxHref(conversationId, searchOfFilters(next, search)), { replace: true });
  const setQuery = (q: string) => {
    const params = new URLSearchParams(search);
    if (q) params.set('q', q);
    else params.delete('q');
    navigate(inboxHref(conversationId, params.toString()), { replace: true });
  };
  return { search, filters, setFilters, query: new URLSearchParams(search).get('q') ?? '', setQuery };
}

/**
 * UnifiedInbox: the conversation list, the open thread and the contact, three columns on a
 * wide screen, one screen at a time on a phone. The URL names the open conversation
 * (`/inbox/42`), so Back and links work.
 */
export function InboxPage({ conversationId, focusMessageId }: Props) {
  const { t } = useTranslation('inbox');
  const me = useMe();
  const users = useUsers();
  const { search, filters, setFilters, query, setQuery } = useViewInAddress(conversationId);
  const [contactOpen, setContactOpen] = useState(false);
  const list = useConversationList(filters);
  const announcement = useArrivalAnnouncement(list.items);
  const detail = useConversationDetail(conversationId);
  const resolve = useResolveAndNext(list.items, conversationId);
  const shortcuts = useInboxShortcuts(list.items, conversationId, me.id, resolve.run);

  useEffect(() => {
    if (conversationId === null) document.title = t('pageTitle');
  }, [conversationId, t]);

  const closeThread = () => {
    const id = conversationId;
    navigate(inboxHref(null, search));
    setContactOpen(false);
    // Back in the list, the keyboard continues from the conversation just left.
    window.requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-conversation-id="${id}"]`)?.focus());
  };

  // The drawer hides the button that had the focus: the header's Contact button, which opened it, takes it.
  const closeContact = () => {
    setContactOpen(false);
    focusWhenReady(() => document.querySelector<HTMLElement>('[data-testid="toggle-contact"]'));
  };

  const onThreadKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented && conversationId !== null) {
      e.preventDefault();
      closeThread();
    }
  };

  const layout = ['inbox', conversationId ? 'inbox--has-thread' : 'inbox--no-thread', contactOpen ? 'inbox--contact-open' : ''].join(' ');
  return (
    <main className={layout} id="main">
      <h1 className="visually-hidden">{t('title')}</h1>
      <section className="inbox__list" aria-label={t('conversations')}>
        <div className="inbox__list-head">
          <SearchBox value={query} onChange={setQuery} />
          {!query && <InboxFilters filters={filters} onChange={setFilters} />}
        </div>
        {query ? (
          <SearchResults query={query} onOpen={(cid, mid) => navigate(inboxHref(cid, search, mid))} />
        ) : (
          <SelectableList list={list} filters={filters} selectedId={conversationId} users={users} meId={me.id} search={search} />
        )}
      </section>
      <section className="inbox__thread" aria-label={t('conversation')} onKeyDown={onThreadKeyDown}>
        {conversationId === null ? (
          <div className="empty-state">
            <p className="empty-state__title">{t('pick')}</p>
            <p>{t('pickHint')}</p>
          </div>
        ) : (
          <ThreadView
            key={conversationId}
            conversationId={conversationId}
            users={users}
            meId={me.id}
            focusMessageId={focusMessageId}
            onBack={closeThread}
            contactOpen={contactOpen}
            onToggleContact={() => setContactOpen((o) => !o)}
            autoFocusComposer={shortcuts.autoFocusComposer}
            resolve={resolve}
          />
        )}
      </section>
      {conversationId !== null && (
        <aside className="inbox__contact" aria-label={t('contact')} onKeyDown={(e) => e.key === 'Escape' && contactOpen && (e.preventDefault(), closeContact())}>
          <ContactPanel detail={detail} onClose={closeContact} />
        </aside>
      )}
      <ShortcutsDialog open={shortcuts.helpOpen} onClose={shortcuts.closeHelp} />
      <div className="visually-hidden" aria-live="polite" role="status">
        {announcement}
      </div>
    </main>
  );
}
