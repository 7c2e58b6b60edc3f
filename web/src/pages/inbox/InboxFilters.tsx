import type { ConversationStatus, Platform } from '../../api/types.ts';
import { useTranslation } from 'react-i18next';
import type { ListFilters } from '../../lib/list-filters.ts';
import { usePlatforms } from '../../queries/use-platforms.ts';

interface Props {
  filters: ListFilters;
  onChange: (filters: ListFilters) => void;
}

const STATUSES: (ConversationStatus | '')[] = ['', 'open', 'pending', 'snoozed', 'resolved'];

/** Platform, status, mine/unassigned, unread only: each maps to a query parameter of the list. */
export function InboxFilters({ filters, onChange }: Props) {
  const { t } = useTranslation('inbox');
  const set = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch });
  const platforms = usePlatforms();
  return (
    <div className="filters" role="group" aria-label={t('filters.label')}>
      <select aria-label={t('filters.platform')} value={filters.platform} onChange={(e) => set({ platform: e.target.value as Platform | '' })} data-testid="filter-platform">
        <option value="">{t('filters.allPlatforms')}</option>
        {platforms.map((p) => (
          <option key={p.id} value={p.id}>
            {p.ui.name}
          </option>
        ))}
      </select>
      <select aria-label={t('filters.status')} value={filters.status} onChange={(e) => set({ status: e.target.value as ConversationStatus | '' })} data-testid="filter-status">
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s ? t(`status.${s}`) : t('filters.anyStatus')}
          </option>
        ))}
      </select>
      <div className="segmented" role="radiogroup" aria-label={t('filters.assignee')}>
        {(
          [
            ['', t('filters.all')],
            ['me', t('filters.mine')],
            ['unassigned', t('unassigned')],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={filters.assignee === value}
            className="segmented__item"
            onClick={() => set({ assignee: value })}
            data-testid={`filter-assignee-${value || 'all'}`}
          >
            {label}
          </button>
        ))}
      </div>
      <label className="check">
        <input type="checkbox" checked={filters.unread} onChange={(e) => set({ unread: e.target.checked })} data-testid="filter-unread" />
        {t('filters.unreadOnly')}
      </label>
    </div>
  );
}
