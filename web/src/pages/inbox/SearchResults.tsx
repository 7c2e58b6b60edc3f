import type { SearchResult } from '../../api/types.ts';
import { useTranslation } from 'react-i18next';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { useNow } from '../../components/use-now.ts';
import { highlightSegments } from '../../lib/highlight.ts';
import { formatListTime } from '../../lib/time-format.ts';
import { useSearch } from './use-search.ts';

interface Props {
  query: string;
  onOpen: (conversationId: number, messageId?: number) => void;
}

/** Hits for the search box: snippets are plain text, highlighted from the API's ranges. */
export function SearchResults({ query, onOpen }: Props) {
  const { t } = useTranslation('inbox');
  const state = useSearch(query);
  const now = useNow();
  if (state.status === 'error')
    return (
      <p className="list-note list-note--error" role="alert">
        {t('search.failed', { message: state.message })}
      </p>
    );
  if (state.status === 'idle') return null;
  const results = state.results;
  return (
    <div className="search-results" aria-busy={state.status === 'searching'}>
      <p className="list-note" role="status">
        {state.status === 'searching' && results.length === 0 ? t('search.searching') : t('search.results', { count: results.length })}
      </p>
      <ul
        className="search-results__list"
        onKeyDown={(e) => {
          if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
          const hits = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-testid="search-result"]')];
          const at = hits.indexOf(document.activeElement as HTMLElement);
          const next = hits[e.key === 'ArrowDown' ? Math.min(hits.length - 1, at + 1) : Math.max(0, at - 1)];
          if (next) {
            e.preventDefault();
            next.focus();
          }
        }}
      >
        {results.map((r, i) => (
          <li key={`${r.type}-${r.conversationId}-${r.messageId ?? i}`}>
            <button
              type="button"
              className="search-hit"
              onClick={() => onOpen(r.conversationId, r.type === 'message' ? (r.messageId ?? undefined) : undefined)}
              data-testid="search-result"
              data-conversation-id={r.conversationId}
              data-message-id={r.messageId}
            >
              <span className="search-hit__top">
                <PlatformBadge platform={r.platform} variant="icon" size={16} />
                <span className="search-hit__name">{r.contact?.name ?? t('unknownContact')}</span>
                <span className="search-hit__kind">{r.type === 'message' ? t('search.kindMessage') : t('search.kindContact')}</span>
                <time className="search-hit__time" dateTime={r.timestamp ?? undefined}>
                  {formatListTime(r.timestamp, now)}
                </time>
              </span>
              <Snippet result={r} />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Snippet({ result }: { result: SearchResult }) {
  return (
    <span className="search-hit__snippet">{highlightSegments(result.snippet ?? '', result.highlights).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</span>
  );
}
