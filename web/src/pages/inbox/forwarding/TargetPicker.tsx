import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../api/types.ts';
import { PlatformBadge } from '../../../components/PlatformBadge.tsx';
import { useNow } from '../../../components/use-now.ts';
import { ReplyWindowTag } from '../ReplyWindowTag.tsx';
import { useForwardTargets } from './use-forward-targets.ts';

/** ↓ from the search box goes to the first conversation, ↑/↓ move between them. */
function moveFocus(e: KeyboardEvent<HTMLElement>, list: HTMLElement | null) {
  if ((e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || !list) return;
  const rows = [...list.querySelectorAll<HTMLElement>('[data-testid="forward-target"]')];
  const at = rows.indexOf(document.activeElement as HTMLElement);
  const next = rows[e.key === 'ArrowDown' ? Math.min(rows.length - 1, at + 1) : Math.max(0, at - 1)];
  if (!next) return;
  e.preventDefault();
  next.focus();
}

/** The conversation to forward to: search across platforms; each with its platform, contact and reply window. */
export function TargetPicker({ excludeId, onPick }: { excludeId: number; onPick: (conversation: ConversationSummary) => void }) {
  const { t } = useTranslation('message-actions');
  const [query, setQuery] = useState('');
  const [list, setList] = useState<HTMLUListElement | null>(null);
  const state = useForwardTargets(query, excludeId);
  const conversations = state.status === 'ready' ? state.conversations : [];
  const note =
    state.status === 'loading'
      ? t('forward.loading')
      : state.status === 'error'
        ? state.message
        : state.searching
          ? t('forward.searching')
          : conversations.length === 0
            ? t('forward.none')
            : query.trim()
              ? t('forward.found')
              : t('forward.recent');
  return (
    <div className="forward-picker" onKeyDown={(e) => moveFocus(e, list)}>
      <label className="forward-picker__label" htmlFor="forward-search">
        {t('forward.search')}
      </label>
      <input
        id="forward-search"
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-describedby="forward-search-hint"
        autoComplete="off"
        autoFocus
        data-testid="forward-search"
      />
      <p id="forward-search-hint" className="forward-picker__hint">
        {t('forward.searchHint')}
      </p>
      <p className={state.status === 'error' ? 'form-error' : 'forward-picker__note'} role={state.status === 'error' ? 'alert' : 'status'}>
        {note}
      </p>
      <ul ref={setList} className="forward-picker__list" aria-busy={state.status === 'loading' || (state.status === 'ready' && state.searching)}>
        {conversations.map((c) => (
          <li key={c.id}>
            <TargetRow conversation={c} onPick={onPick} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function TargetRow({ conversation: c, onPick }: { conversation: ConversationSummary; onPick: (conversation: ConversationSummary) => void }) {
  const { t } = useTranslation('inbox');
  const now = useNow(60_000);
  return (
    <button type="button" className="forward-target" onClick={() => onPick(c)} data-testid="forward-target" data-conversation-id={c.id} data-platform={c.platform}>
      <PlatformBadge platform={c.platform} size={14} />
      <span className="forward-target__name">{c.contact.name ?? t('unknownContact')}</span>
      <ReplyWindowTag window={c.replyWindow} platform={c.platform} now={now} />
    </button>
  );
}
