import type { ConversationStatus, Platform } from '../api/types.ts';

/** The inbox list's filters; each maps to a query parameter of GET /api/messages. */
export interface ListFilters {
  platform: Platform | '';
  status: ConversationStatus | '';
  assignee: 'me' | 'unassigned' | '';
  unread: boolean;
}

export const NO_FILTERS: ListFilters = { platform: '', status: '', assignee: '', unread: false };

export function isFiltered(f: ListFilters): boolean {
  return f.platform !== '' || f.status !== '' || f.assignee !== '' || f.unread;
}
