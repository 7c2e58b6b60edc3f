import type { ConversationFields, ConversationSort, ConversationSummary, User } from '../api/types.ts';
import type { ListFilters } from './list-filters.ts';

/** Newest activity first, then the higher id, like the server's keyset order. */
function byRecent(a: ConversationSummary, b: ConversationSummary): number {
  const at = a.lastMessageAt ?? '';
  const bt = b.lastMessageAt ?? '';
  if (at !== bt) return at < bt ? 1 : -1;
  return b.id - a.id;
}

const PRIORITY_RANK: Record<ConversationSummary['priority'], number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** The list's order as the server sorts it (list-conversations.ts), so rows that arrive live land where a reload puts them. */
export function compareConversations(a: ConversationSummary, b: ConversationSummary, sort: ConversationSort = 'recent'): number {
  if (sort === 'sla') {
    // The nearest due time first, as the server's `sort=sla`; rows without a clock after them, newest first.
    const ad = a.sla?.dueAt;
    const bd = b.sla?.dueAt;
    if (ad && bd && ad !== bd) return ad < bd ? -1 : 1;
    if (!ad !== !bd) return ad ? -1 : 1;
  }
  if (sort === 'priority') return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || byRecent(a, b);
  if (sort === 'waiting') {
    const aw = a.waitingSince;
    const bw = b.waitingSince;
    if (aw && bw) return aw !== bw ? (aw < bw ? -1 : 1) : a.id - b.id;
    if (aw || bw) return aw ? -1 : 1;
  }
  return byRecent(a, b);
}

/** Insert or replace one conversation, keeping the list ordered. */
export function upsertConversation(list: readonly ConversationSummary[], item: ConversationSummary, sort: ConversationSort = 'recent'): ConversationSummary[] {
  const rest = list.filter((c) => c.id !== item.id);
  rest.push(item);
  return rest.sort((a, b) => compareConversations(a, b, sort));
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
    sla: fields.sla,
    assignee,
  };
}

/** Whether a conversation belongs in the list under these filters (for rows that arrive live). */
export function matchesFilters(row: ConversationSummary, filters: ListFilters, meId: number | null, now = new Date()): boolean {
  if (filters.sla && slaState(row.sla, now) !== filters.sla) return false;
  if (filters.platform && row.platform !== filters.platform) return false;
  if (filters.status && row.status !== filters.status) return false;
  if (filters.assignee === 'me' && (meId === null || row.assignee?.id !== meId)) return false;
  if (filters.assignee === 'unassigned' && row.assignee !== null) return false;
  if (filters.assigneeId !== undefined && row.assignee?.id !== filters.assigneeId) return false;
  if (filters.channelId !== undefined && row.channel.id !== filters.channelId) return false;
  if (filters.unread === 'unread' && row.unreadCount === 0) return false;
  if (filters.unread === 'unanswered' && row.unreadCount === 0 && !row.waitingSince) return false;
  if (filters.waiting && (!row.waitingSince || (row.status !== 'open' && row.status !== 'pending'))) return false;
  if (filters.label && !row.labels.some((l) => l.toLowerCase() === filters.label.toLowerCase())) return false;
  return true;
}

/**
 * Whether a row already in the list should leave it after a change: one that no longer matches
 * the view goes (a resolved conversation leaves the open view, an answered one the waiting
 * view), except for having just been read — the row the agent is reading stays put.
 */
export function leavesList(row: ConversationSummary, filters: ListFilters, meId: number | null): boolean {
  // Without knowing who "me" is, "mine" cannot be judged: the row stays.
  const assignee = meId === null && filters.assignee === 'me' ? '' : filters.assignee;
  return !matchesFilters(row, { ...filters, unread: '', assignee }, meId);
}

/** Where an SLA clock stands at `now`, as the server's `sla` filter judges it: before its warning time, at risk, or breached (past due). */
export function slaState(sla: ConversationSummary['sla'], now: Date): 'due' | 'at_risk' | 'breached' | null {
  if (!sla) return null;
  const t = now.getTime();
  if (t >= new Date(sla.dueAt).getTime()) return 'breached';
  return t >= new Date(sla.warnAt).getTime() ? 'at_risk' : 'due';
}
