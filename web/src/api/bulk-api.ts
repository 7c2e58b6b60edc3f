import type { BulkRequestInput, BulkResult } from '../../../src/contract/conversation-bulk.ts';
import type { ListFilters } from '../lib/list-filters.ts';
import { request } from './http.ts';

export type { BulkRequestInput };
/** The action part of a bulk request (what to do), without its target. */
export type BulkActionInput = BulkRequestInput extends infer R ? (R extends unknown ? Omit<R, 'ids' | 'filter'> : never) : never;

/** The list's filters as the bulk request's `filter` (the same parameters as the list's query). */
export function bulkFilterOf(filters: ListFilters): NonNullable<BulkRequestInput['filter']> {
  return {
    ...(filters.platform && { platform: filters.platform }),
    ...(filters.status && { status: filters.status }),
    ...(filters.assignee ? { assignee: filters.assignee } : filters.assigneeId !== undefined && { assignee: filters.assigneeId }),
    ...(filters.channelId !== undefined && { channelId: filters.channelId }),
    ...(filters.createdFrom && { createdFrom: filters.createdFrom }),
    ...(filters.createdTo && { createdTo: filters.createdTo }),
    ...(filters.unread && { unread: filters.unread === 'unanswered' ? ('unanswered' as const) : true }),
    ...(filters.waiting && { waiting: true }),
    ...(filters.label && { label: filters.label }),
    ...(filters.sla && { sla: filters.sla }),
  };
}

export function bulkUpdateConversations(body: BulkRequestInput) {
  return request<BulkResult>('/api/v1/conversations/bulk', { method: 'POST', body });
}
