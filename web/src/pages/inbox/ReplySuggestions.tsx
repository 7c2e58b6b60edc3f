import { useQuery } from '@tanstack/react-query';
import { History, MessageSquareText } from 'lucide-react';
import { listSuggestions } from '../../api/inbox-api.ts';
import type { ReplySuggestion } from '../../api/types.ts';
import { queryKeys } from '../../queries/query-keys.ts';

interface Props {
  conversationId: number;
  /** The conversation's latest message time: a new message asks again. */
  lastMessageAt: string | null;
  onPick(text: string): void;
}

/**
 * Up to three replies the team gave to similar questions, and the canned responses that match,
 * above the composer. A click puts the text in the composer to edit; nothing is sent from here.
 * Shown only when there is something to offer; a failed request shows nothing (the composer
 * works without it).
 */
export function ReplySuggestions({ conversationId, lastMessageAt, onPick }: Props) {
  const { data } = useQuery({
    queryKey: queryKeys.suggestions(conversationId, lastMessageAt),
    queryFn: ({ signal }) => listSuggestions(conversationId, signal),
    enabled: lastMessageAt !== null,
    staleTime: 60_000,
  });
  const suggestions = data?.suggestions ?? [];
  if (suggestions.length === 0) return null;
  return (
    <div className="suggestions" data-testid="reply-suggestions" role="group" aria-label="Suggested replies">
      {suggestions.map((s) => (
        <button key={`${s.source}:${s.shortcut ?? s.text}`} type="button" className="suggestions__item" title={describe(s)} onClick={() => onPick(s.text)} data-testid="reply-suggestion">
          {s.source === 'canned' ? <MessageSquareText size={14} aria-hidden /> : <History size={14} aria-hidden />}
          <span className="suggestions__text">{s.text}</span>
        </button>
      ))}
    </div>
  );
}

function describe(s: ReplySuggestion): string {
  if (s.source === 'canned') return `Canned response /${s.shortcut}: click to edit it in the reply box`;
  return `Given ${s.uses === 1 ? 'once' : `${s.uses} times`} to similar questions: click to edit it in the reply box`;
}
