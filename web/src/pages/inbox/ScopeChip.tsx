import { X } from 'lucide-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listChannels } from '../../api/admin-api.ts';
import { formatDay } from '../../lib/day-range.ts';
import { hasScope, type ListFilters } from '../../lib/list-filters.ts';
import { queryKeys } from '../../queries/query-keys.ts';
import { useUsers } from './use-users.ts';
import './scope-chip.css';

/**
 * Says how a dashboard link narrowed the list (one agent, one channel, conversations started
 * between two days), so the agent knows why the list is short, and offers to widen it again.
 */
export function ScopeChip({ filters, onChange }: { filters: ListFilters; onChange: (filters: ListFilters) => void }) {
  const { t, i18n } = useTranslation('dashboard');
  const users = useUsers();
  const channels = useQuery({ queryKey: queryKeys.channels(), queryFn: ({ signal }) => listChannels(signal), enabled: filters.channelId !== undefined });
  if (!hasScope(filters)) return null;
  const parts: string[] = [];
  const locale = i18n.resolvedLanguage;
  if (filters.createdFrom || filters.createdTo) {
    parts.push(t('scope.created', { from: filters.createdFrom ? formatDay(filters.createdFrom, locale) : '…', to: filters.createdTo ? formatDay(filters.createdTo, locale) : '…' }));
  }
  if (filters.assigneeId !== undefined) parts.push(users.find((u) => u.id === filters.assigneeId)?.name ?? t('scope.agent', { id: filters.assigneeId }));
  if (filters.sla) parts.push(t(`scope.sla.${filters.sla}`));
  if (filters.channelId !== undefined) parts.push(channels.data?.find((c) => c.id === filters.channelId)?.name ?? t('scope.channel', { id: filters.channelId }));
  const widen = () => onChange({ ...filters, assigneeId: undefined, channelId: undefined, createdFrom: undefined, createdTo: undefined, sla: undefined });
  return (
    <p className="scope-chip" data-testid="scope-chip">
      <span>{t('scope.label', { what: parts.join(' · ') })}</span>
      <button type="button" className="icon-button" onClick={widen} aria-label={t('scope.clear')} title={t('scope.clear')}>
        <X size={14} aria-hidden="true" />
      </button>
    </p>
  );
}
