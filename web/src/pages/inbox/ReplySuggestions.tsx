import { useQuery } from '@tanstack/react-query';
import { History, MessageSquareText } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { listSuggestions } from '../../api/inbox-api.ts';
import type { ReplySuggestion } from '../../api/types.ts';
import { queryKeys } from '../../queries/query-keys.ts';
import { useOrganization } from '../../queries/use-team-settings.ts';

interface Props {
  conversationId: number;
  /** The conversation's latest message time: a new message asks again. */
  lastMessageAt: string | null;
  /** A suggestion's `{{variables}}` filled as the composer fills a picked one (what a chip shows is what a click inserts). */
  fill(text: string): string;
  onPick(text: string): void;
}

/**
 * Up to three replies the team gave to similar questions, and the canned responses that match,
 * above the composer. A click puts the text in the composer to edit; nothing is sent from here.
 * Shown only when there is something to offer; a failed request shows nothing (the composer
 * works without it).
 */
export function ReplySuggestions({ conversationId, lastMessageAt, fill, onPick }: Props) {
  const { t } = useTranslation('inbox-tools');
  const { data } = useQuery({
    queryKey: queryKeys.suggestions(conversationId, lastMessageAt),
    queryFn: ({ signal }) => listSuggestions(conversationId, signal),
    enabled: lastMessageAt !== null,
    staleTime: 60_000,
  });
  const suggestions = data?.suggestions ?? [];
  // The organisation's name fills {{organisation.name}} (read once, shared with the canned menu).
  useOrganization(suggestions.length > 0);
  if (suggestions.length === 0) return null;
  return (
    <div className="suggestions" data-testid="reply-suggestions" role="group" aria-label={t('suggestions.label')}>
      {suggestions.map((s) => {
        const text = fill(s.text);
        return (
          <button key={`${s.source}:${s.shortcut ?? s.text}`} type="button" className="suggestions__item" title={describe(s, t)} onClick={() => onPick(text)} data-testid="reply-suggestion">
            {s.source === 'canned' ? <MessageSquareText size={14} aria-hidden /> : <History size={14} aria-hidden />}
            <span className="suggestions__text">{text}</span>
          </button>
        );
      })}
    </div>
  );
}

function describe(s: ReplySuggestion, t: TFunction<'inbox-tools'>): string {
  if (s.source === 'canned') return t('suggestions.canned', { shortcut: s.shortcut });
  return t('suggestions.given', { count: s.uses ?? 0 });
}
