import type { ConversationFields, ConversationSummary, User } from '../api/types.ts';
import type { ListFilters } from './list-filters.ts';

/** Newest activity first, then the higher id, like the server's keyset order. */
export function compareConversations(a: ConversationSummary, b: ConversationSummary): number {
  const at = a.lastMessageAt ?? '';
  const bt = b.lastMessageAt ?? '';
  if (at !== bt) return at < bt ? 1 : -1;
  return b.id - a.id;
}

/** Insert or replace one conversation, keeping the list ordered. */
export function upsertConversation(list: readonly ConversationSummary[], item: ConversationSummary): ConversationSummary[] {
  const rest = list.filter((c) => c.id !== item.id);
  rest.push(item);
  return rest.sort(compareConversations);
}

/** Append a page, dropping rows already present (live events may have added them). */
export function appendPage(list: readonly ConversationSummary[], page: readonly ConversationSummary[]): ConversationSummary[] {
  const seen = new Set(list.map((c) => c.id));
  return [...list, ...page.filter((c) => !seen.has(c.id))];
}

/**
 * Apply a conversation's own fields (PATCH answer, live event) to a list row. The fields name
 * the assignee by id only: the name comes from the users list, or stays as it was.
 */
export function applyFields(row: ConversationSummary, fields: ConversationFields, users: readonly Pick<User, 'id' | 'name'>[]): ConversationSummary {
  let assignee = row.assignee;
  if (fields.assigneeId === null) assignee = null;
  else if (fields.assigneeId !== row.assignee?.id) {
    assignee = { id: fields.assigneeId, name: users.find((u) => u.id === fields.assigneeId)?.name ?? null };
  }
  return {
    ...row,
    status: fields.status,
    snoozedUntil: fields.snoozedUntil,
    priority: fields.priority,
    labels: fields.labels,
    unreadCount: fields.unreadCount,
    preview: fields.preview,
    lastMessageAt: fields.lastMessageAt,
    waitingSince: fields.waitingSince,
    assignee,
  };
}

/** Whether a conversation belongs in the list under these filters (for rows that arrive live). */
export function matchesFilters(row: ConversationSummary, filters: ListFilters, meId: number | null): boolean {
  if (filters.platform && row.platform !== filters.platform) return false;
  if (filters.status && row.status !== filters.status) return false;
  if (filters.assignee === 'me' && (meId === null || row.assignee?.id !== meId)) return false;
  if (filters.assignee === 'unassigned' && row.assignee !== null) return false;
  if (filters.unread && row.unreadCount === 0) return false;
  return true;
}
