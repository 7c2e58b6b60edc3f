import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bulkFilterOf, bulkUpdateConversations, type BulkActionInput } from '../../api/bulk-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { ConversationSummary } from '../../api/types.ts';
import type { ListFilters } from '../../lib/list-filters.ts';
import { keepVisible, NO_SELECTION, toggleAllVisible, toggleSelection } from '../../lib/selection.ts';
import { queryKeys } from '../../queries/query-keys.ts';

/**
 * The list's ticked rows (or "everything matching the filter") and the bulk action over them.
 * Each changed conversation arrives as a live event; when the answer comes, the lists are read
 * again, so rows that no longer match their filter leave.
 */
export function useBulkSelection(items: readonly ConversationSummary[], filters: ListFilters) {
  const { t } = useTranslation('inbox-tools');
  const queryClient = useQueryClient();
  const [selection, setSelection] = useState(NO_SELECTION);
  const [allMatching, setAllMatching] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const order = useMemo(() => items.map((c) => c.id), [items]);
  const visible = useMemo(() => keepVisible(selection, order), [selection, order]);

  useEffect(() => {
    setSelection(NO_SELECTION);
    setAllMatching(false);
  }, [filters]);

  const clear = () => {
    setSelection(NO_SELECTION);
    setAllMatching(false);
  };
  const run = useMutation({
    mutationFn: (action: BulkActionInput) =>
      bulkUpdateConversations({ ...action, ...(allMatching ? { filter: bulkFilterOf(filters) } : { ids: [...visible.ids] }) } as Parameters<typeof bulkUpdateConversations>[0]),
    onSuccess: ({ changed }) => {
      setResult(t('bulk.changed', { count: changed }));
      clear();
      void queryClient.invalidateQueries({ queryKey: queryKeys.lists() });
    },
  });

  return {
    ids: visible.ids,
    allMatching,
    result,
    busy: run.isPending,
    error: run.error ? errorMessage(run.error) : null,
    toggle: (id: number, range: boolean) => {
      setAllMatching(false);
      setResult(null);
      setSelection((s) => toggleSelection(keepVisible(s, order), id, range, order));
    },
    toggleAll: () => {
      setAllMatching(false);
      setResult(null);
      setSelection((s) => toggleAllVisible(keepVisible(s, order), order));
    },
    selectAllMatching: () => setAllMatching(true),
    clear,
    apply: (action: BulkActionInput) => run.mutate(action),
  };
}

export type BulkSelection = ReturnType<typeof useBulkSelection>;
