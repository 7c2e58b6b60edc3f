import type { ConversationSort, ConversationStatus, Platform } from '../api/types.ts';

/**
 * The inbox list's filters and order; each maps to a query parameter of GET /api/messages, and
 * the whole set lives in the page's address (`/inbox?status=any&sort=waiting`), so a reload or a
 * shared link keeps it.
 */
export interface ListFilters {
  platform: Platform | '';
  /** '' is every status; the inbox opens on open conversations (resolved and snoozed out of view). */
  status: ConversationStatus | '';
  assignee: 'me' | 'unassigned' | '';
  /** 'unanswered': unread or waiting for an answer (the agent's choice of what "unread" means). */
  unread: '' | 'unread' | 'unanswered';
  /** Only conversations whose customer waits for an answer. */
  waiting: boolean;
  label: string;
  sort: ConversationSort;
  /**
   * Narrower views the dashboard links to (a figure opens the conversations behind it): one
   * agent, one channel, conversations started between two days (organisation's time zone).
   */
  assigneeId?: number;
  channelId?: number;
  createdFrom?: string;
  createdTo?: string;
  /** The dashboard's SLA figures: conversations at risk (past their warning time) or past due. */
  sla?: 'at_risk' | 'breached';
}

/** What the inbox shows when the address names nothing. */
export const DEFAULT_FILTERS: ListFilters = { platform: '', status: 'open', assignee: '', unread: '', waiting: false, label: '', sort: 'recent' };

/** Nothing filtered: every conversation, newest activity first. */
export const NO_FILTERS: ListFilters = { ...DEFAULT_FILTERS, status: '' };

/** Whether the list is narrower than the default view (its empty state says "nothing matches"). */
export function isFiltered(f: ListFilters): boolean {
  return f.platform !== '' || f.status !== DEFAULT_FILTERS.status || f.assignee !== '' || f.unread !== '' || f.waiting || f.label !== '' || hasScope(f);
}

/** Whether the view is narrowed to an agent, a channel or a created-at range (a dashboard link). */
export const hasScope = (f: ListFilters): boolean => f.assigneeId !== undefined || f.channelId !== undefined || !!f.createdFrom || !!f.createdTo || f.sla !== undefined;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const positiveId = (v: string | null) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

const STATUSES: readonly string[] = ['open', 'pending', 'resolved', 'snoozed'];
const SORTS: readonly string[] = ['recent', 'waiting', 'priority', 'sla'];

/**
 * The filters an address names. Only what differs from the default is written, so `/inbox` is
 * the default view; `status=any` asks for every status. Unknown values fall back to the default
 * (a hand-edited or old link never breaks the inbox).
 */
export function filtersFromSearch(search: string): ListFilters {
  const p = new URLSearchParams(search);
  const status = p.get('status');
  const assignee = p.get('assignee');
  const unread = p.get('unread');
  const sort = p.get('sort');
  const createdFrom = p.get('createdFrom') ?? '';
  const createdTo = p.get('createdTo') ?? '';
  const scope = {
    ...(positiveId(assignee) !== undefined && { assigneeId: positiveId(assignee) }),
    ...(positiveId(p.get('channelId')) !== undefined && { channelId: positiveId(p.get('channelId')) }),
    ...(DAY.test(createdFrom) && { createdFrom }),
    ...(DAY.test(createdTo) && { createdTo }),
    ...((p.get('sla') === 'at_risk' || p.get('sla') === 'breached') && { sla: p.get('sla') as 'at_risk' | 'breached' }),
  };
  return {
    ...scope,
    platform: (p.get('platform') ?? '') as Platform | '',
    status: status === 'any' ? '' : status && STATUSES.includes(status) ? (status as ConversationStatus) : DEFAULT_FILTERS.status,
    assignee: assignee === 'me' || assignee === 'unassigned' ? assignee : '',
    unread: unread === 'unread' || unread === 'unanswered' ? unread : '',
    waiting: p.get('waiting') === '1',
    label: p.get('label') ?? '',
    sort: sort && SORTS.includes(sort) ? (sort as ConversationSort) : 'recent',
  };
}

/** The address's query string for these filters ('' for the default view), keeping other parameters (such as `m`). */
export function searchOfFilters(f: ListFilters, search = ''): string {
  const p = new URLSearchParams(search);
  for (const key of ['platform', 'status', 'assignee', 'unread', 'waiting', 'label', 'sort', 'channelId', 'createdFrom', 'createdTo', 'sla']) p.delete(key);
  if (f.platform) p.set('platform', f.platform);
  if (f.status !== DEFAULT_FILTERS.status) p.set('status', f.status || 'any');
  if (f.assignee) p.set('assignee', f.assignee);
  else if (f.assigneeId !== undefined) p.set('assignee', String(f.assigneeId));
  if (f.channelId !== undefined) p.set('channelId', String(f.channelId));
  if (f.createdFrom) p.set('createdFrom', f.createdFrom);
  if (f.createdTo) p.set('createdTo', f.createdTo);
  if (f.sla) p.set('sla', f.sla);
  if (f.unread) p.set('unread', f.unread);
  if (f.waiting) p.set('waiting', '1');
  if (f.label) p.set('label', f.label);
  if (f.sort !== 'recent') p.set('sort', f.sort);
  const text = p.toString();
  return text ? `?${text}` : '';
}

/**
 * The address of a conversation (or of the list, for null) that keeps the list's view: its
 * filters, order and search (`q`) stay; a search hit's `m` belongs to the conversation it was
 * found in and does not follow.
 */
export function inboxHref(conversationId: number | null, search: string, focusMessageId?: number | null): string {
  const p = new URLSearchParams(search);
  p.delete('m');
  if (focusMessageId) p.set('m', String(focusMessageId));
  const text = p.toString();
  return `/inbox${conversationId === null ? '' : `/${conversationId}`}${text ? `?${text}` : ''}`;
}
