import { X } from 'lucide-react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { focusWhenReady } from '../../lib/focus.ts';
import type { User } from '../../api/types.ts';
import { BulkActions } from './BulkActions.tsx';
import './selection.css';
import type { BulkSelection } from './use-bulk-selection.ts';

interface Props {
  selection: BulkSelection;
  /** Rows the list shows now. */
  visible: number;
  /** The list has more pages than it shows: "all matching" is more than `visible`. */
  hasMore: boolean;
  users: User[];
  meId: number;
}

/**
 * Above the list: a box that ticks every row shown; once rows are ticked, how many, "select all
 * matching this filter", and the actions. The box keeps the focus through an action, so the
 * keyboard stays where it was.
 */
export function SelectionBar({ selection: s, visible, hasMore, users, meId }: Props) {
  const { t } = useTranslation('inbox');
  const count = s.ids.size;
  const active = count > 0 || s.allMatching;
  const everyVisible = visible > 0 && count === visible;
  // The actions, "clear" and "all matching" leave as the selection ends or changes: the box takes the focus.
  const box = useRef<HTMLInputElement>(null);
  const thenBox =
    <A extends unknown[]>(f: (...a: A) => void) =>
    (...a: A) => (f(...a), focusWhenReady(() => box.current));
  const matching = hasMore ? t('selection.matchingMore', { count: visible }) : t('selection.matching', { count: visible });
  return (
    <div className={`selection-bar${active ? ' selection-bar--active' : ''}`} data-testid="selection-bar" role="region" aria-label={t('selection.label')}>
      <div className="selection-bar__row">
        <label className="check">
          <input
            ref={(el) => {
              box.current = el;
              if (el) el.indeterminate = count > 0 && !everyVisible && !s.allMatching;
            }}
            type="checkbox"
            // Named always: once rows are ticked the text beside it is the count, not what it does.
            aria-label={t('selection.allShown')}
            checked={everyVisible || s.allMatching}

            onChange={s.toggleAll}
            data-testid="select-all-visible"
          />
          <span className={active ? '' : 'visually-hidden'}>{active ? '' : t('selection.allShown')}</span>
        </label>
        {active ? (
          <span className="selection-bar__count" data-testid="selection-count">
            {s.allMatching ? (hasMore ? t('selection.allMatchingMore', { count: visible }) : t('selection.allMatching', { count: visible })) : t('selection.selected', { count })}
          </span>
        ) : (
          s.result && (
            <span className="selection-bar__result" role="status" data-testid="bulk-result">
              {s.result}
            </span>
          )
        )}
        {active && !s.allMatching && everyVisible && (
          <button type="button" className="link-button" onClick={thenBox(s.selectAllMatching)} data-testid="select-all-matching">
            {matching}
          </button>
        )}
        {active && (
          <button type="button" className="button button--ghost button--small selection-bar__clear" aria-label={t('selection.clear')} onClick={thenBox(s.clear)} data-testid="bulk-clear">
            <X size={16} />
          </button>
        )}
      </div>
      {active && <BulkActions busy={s.busy} users={users} meId={meId} onAction={thenBox(s.apply)} />}
      {s.error && (
        <p className="form-error" role="alert">
          {s.error}
        </p>
      )}
    </div>
  );
}
