import type { ConversationStatus, Platform } from '../../api/types.ts';
import type { ListFilters } from '../../lib/list-filters.ts';
import { usePlatforms } from '../../queries/use-platforms.ts';

interface Props {
  filters: ListFilters;
  onChange: (filters: ListFilters) => void;
}

const STATUSES: { value: ConversationStatus | ''; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending' },
  { value: 'snoozed', label: 'Snoozed' },
  { value: 'resolved', label: 'Resolved' },
];

/** Platform, status, mine/unassigned, unread only: each maps to a query parameter of the list. */
export function InboxFilters({ filters, onChange }: Props) {
  const set = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch });
  const platforms = usePlatforms();
  return (
    <div className="filters" role="group" aria-label="Filter conversations">
      <select aria-label="Platform" value={filters.platform} onChange={(e) => set({ platform: e.target.value as Platform | '' })} data-testid="filter-platform">
        <option value="">All platforms</option>
        {platforms.map((p) => (
          <option key={p.id} value={p.id}>
            {p.ui.name}
          </option>
        ))}
      </select>
      <select aria-label="Status" value={filters.status} onChange={(e) => set({ status: e.target.value as ConversationStatus | '' })} data-testid="filter-status">
        {STATUSES.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
      <div className="segmented" role="radiogroup" aria-label="Assignee">
        {(
          [
            ['', 'All'],
            ['me', 'Mine'],
            ['unassigned', 'Unassigned'],
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
        Unread only
      </label>
    </div>
  );
}
