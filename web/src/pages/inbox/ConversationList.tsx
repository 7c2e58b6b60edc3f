import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../api/types.ts';
import { useNow } from '../../components/use-now.ts';
import { inboxHref } from '../../lib/list-filters.ts';
import { ConversationRow } from './ConversationRow.tsx';

interface Props {
  items: ConversationSummary[];
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
  hasMore: boolean;
  onLoadMore: () => void;
  onRetry: () => void;
  selectedId: number | null;
  filtered: boolean;
  /** Rows ticked for a bulk action, and what a click on a row's checkbox does. */
  checkedIds?: ReadonlySet<number>;
  onCheck?: (id: number, range: boolean) => void;
  /** The signed-in agent (their replies preview as "You:"). */
  meId: number;
  /** The address's query string, kept by the rows' links. */
  search: string;
}

/**
 * The conversation list: ↑/↓ (and Home/End) move through it, Enter opens, one Tab stop for the
 * whole list. More pages load when the end scrolls into view.
 */
export function ConversationList({ items, loading, loadingMore, error, hasMore, onLoadMore, onRetry, selectedId, filtered, checkedIds, onCheck, meId, search }: Props) {
  const { t } = useTranslation('inbox');
  const now = useNow();
  const listRef = useRef<HTMLUListElement>(null);
  const sentinel = useRef<HTMLLIElement>(null);
  const [activeId, setActiveId] = useState<number | null>(null);
  const tabStop = items.some((c) => c.id === activeId) ? activeId : (selectedId ?? items[0]?.id ?? null);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onLoadMore(), { root: listRef.current?.parentElement ?? null, rootMargin: '400px' });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, onLoadMore, items.length]);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const rows = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-testid="conversation-row"]') ?? [])];
    const at = rows.indexOf(document.activeElement as HTMLElement);
    let next = -1;
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, at + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, at - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else return;
    e.preventDefault();
    const row = rows[next];
    if (!row) return;
    row.focus();
    row.scrollIntoView({ block: 'nearest' });
    setActiveId(Number(row.dataset['conversationId']));
    if (next >= rows.length - 3 && hasMore) onLoadMore();
  };

  if (items.length === 0) return <EmptyList loading={loading} error={error} filtered={filtered} onRetry={onRetry} />;
  return (
    <div className="conversation-list" data-testid="conversation-list">
      <ul ref={listRef} onKeyDown={onKeyDown} aria-label={t('list.label')}>
        {items.map((c) => (
          <ConversationRow
            key={c.id}
            conversation={c}
            now={now}
            meId={meId}
            href={inboxHref(c.id, search)}
            selected={c.id === selectedId}
            tabbable={c.id === tabStop}
            onFocus={() => setActiveId(c.id)}
            checked={checkedIds?.has(c.id)}
            onCheck={onCheck && ((range) => onCheck(c.id, range))}
          />
        ))}
        {hasMore && (
          <li ref={sentinel} className="list-note" aria-hidden={!loadingMore}>
            {loadingMore ? t('list.loadingMore') : ''}
          </li>
        )}
      </ul>
      {error && (
        <p className="list-note list-note--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** What the list shows with no rows: loading, the error with a retry, or why it is empty. */
function EmptyList({ loading, error, filtered, onRetry }: Pick<Props, 'loading' | 'error' | 'filtered' | 'onRetry'>) {
  const { t } = useTranslation('inbox');
  if (loading)
    return (
      <p className="list-note" role="status">
        {t('list.loading')}
      </p>
    );
  if (error) {
    return (
      <div className="list-note list-note--error" role="alert">
        <p>{t('list.failed', { error })}</p>
        <button type="button" className="button" onClick={onRetry}>
          {t('actions.retry', { ns: 'common' })}
        </button>
      </div>
    );
  }
  return (
    <div className="list-note" data-testid="conversation-list-empty">
      <p className="empty-state__title">{filtered ? t('list.noMatch') : t('list.none')}</p>
      {!filtered && <p>{t('list.noneHint')}</p>}
    </div>
  );
}
