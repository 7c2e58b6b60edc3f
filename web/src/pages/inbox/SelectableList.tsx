import type { User } from '../../api/types.ts';
import { isFiltered, type ListFilters } from '../../lib/list-filters.ts';
import { ConversationList } from './ConversationList.tsx';
import { SelectionBar } from './SelectionBar.tsx';
import { useBulkSelection } from './use-bulk-selection.ts';
import type { useConversationList } from './use-conversation-list.ts';

interface Props {
  list: ReturnType<typeof useConversationList>;
  filters: ListFilters;
  selectedId: number | null;
  users: User[];
  meId: number;
  /** The address's query string: rows keep it in their links. */
  search: string;
}

/** The conversation list with a checkbox per row and the selection bar above it (bulk actions). */
export function SelectableList({ list, filters, selectedId, users, meId, search }: Props) {
  const selection = useBulkSelection(list.items, filters);
  return (
    <>
      {list.items.length > 0 && <SelectionBar selection={selection} visible={list.items.length} hasMore={list.hasMore} users={users} meId={meId} />}
      <ConversationList
        items={list.items}
        loading={list.loading}
        loadingMore={list.loadingMore}
        error={list.error}
        hasMore={list.hasMore}
        onLoadMore={list.loadMore}
        onRetry={list.retry}
        selectedId={selectedId}
        filtered={isFiltered(filters)}
        checkedIds={selection.ids}
        onCheck={selection.toggle}
        meId={meId}
        search={search}
      />
    </>
  );
}
