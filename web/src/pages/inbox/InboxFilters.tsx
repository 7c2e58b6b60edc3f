import type { ConversationSort, ConversationStatus, Platform } from '../../api/types.ts';
import { useTranslation } from 'react-i18next';
import type { ListFilters } from '../../lib/list-filters.ts';
import { usePlatforms } from '../../queries/use-platforms.ts';
import { useLabels } from '../../queries/use-team-settings.ts';
import { RadioButtons } from '../../components/RadioButtons.tsx';
import { ScopeChip } from './ScopeChip.tsx';

interface Props {
  filters: ListFilters;
  onChange: (filters: ListFilters) => void;
}

const STATUSES: (ConversationStatus | '')[] = ['open', 'pending', 'snoozed', 'resolved', ''];
const SORTS: ConversationSort[] = ['recent', 'waiting', 'priority', 'sla'];
const UNREAD: ListFilters['unread'][] = ['', 'unread', 'unanswered'];

/**
 * The list's view: waiting for us, platform, status, label, mine/unassigned, unread, and the
 * order. Each maps to a query parameter of the list and of the page's address.
 */
export function InboxFilters({ filters, onChange }: Props) {
  const { t } = useTranslation('inbox');
  const set = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch });
  const platforms = usePlatforms();
  const labels = useLabels().data ?? [];
  return (
    <div className="filters" role="group" aria-label={t('filters.label')}>
      <ScopeChip filters={filters} onChange={onChange} />
      <label className="check" title={t('filters.waitingHint')}>
        <input
          type="checkbox"
          checked={filters.waiting}
          onChange={(e) => set({ waiting: e.target.checked, ...(e.target.checked && filters.sort === 'recent' && { sort: 'waiting' }) })}
          data-testid="filter-waiting"
        />
        {t('filters.waiting')}
      </label>
      <select aria-label={t('filters.sort')} value={filters.sort} onChange={(e) => set({ sort: e.target.value as ConversationSort })} data-testid="filter-sort">
        {SORTS.map((s) => (
          <option key={s} value={s}>
            {t(`filters.sortBy.${s}`)}
          </option>
        ))}
      </select>
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
      {labels.length > 0 && (
        <select aria-label={t('filters.labelFilter')} value={filters.label} onChange={(e) => set({ label: e.target.value })} data-testid="filter-label">
          <option value="">{t('filters.allLabels')}</option>
          {labels.map((l) => (
            <option key={l.id} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      )}
      <RadioButtons
        label={t('filters.assignee')}
        options={(['', 'me', 'unassigned'] as const).map((value) => ({
          value,
          label: value === '' ? t('filters.all') : value === 'me' ? t('filters.mine') : t('unassigned'),
          testId: `filter-assignee-${value || 'all'}`,
        }))}
        value={filters.assignee}
        onChange={(assignee) => set({ assignee })}
      />
      <select aria-label={t('filters.unread')} value={filters.unread} onChange={(e) => set({ unread: e.target.value as ListFilters['unread'] })} data-testid="filter-unread">
        {UNREAD.map((u) => (
          <option key={u} value={u}>
            {t(`filters.unreadBy.${u || 'all'}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
