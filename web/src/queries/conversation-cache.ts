import { queryOptions, skipToken, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { getConversation, listConversations } from '../api/inbox-api.ts';
import type { ConversationDetail, ConversationFields, ConversationSummary, User } from '../api/types.ts';
import { appendPage, applyFields, leavesList, matchesFilters, upsertConversation } from '../lib/conversation-list.ts';
import type { ListFilters } from '../lib/list-filters.ts';
import { queryKeys } from './query-keys.ts';

/** One page of GET /api/messages (the list). */
export interface ConversationPage {
  conversations: ConversationSummary[];
  nextCursor: string | null;
}

export type ListData = InfiniteData<ConversationPage, string | null>;

/** The rows of a paged list, in order, each once (a live event may have added a row a later page holds too). */
export function listRows(data: ListData): ConversationSummary[] {
  return data.pages.reduce<ConversationSummary[]>((rows, page) => appendPage(rows, page.conversations), []);
}

/**
 * Change the rows of every cached list. The changed rows go in the first page and the later
 * pages keep only their cursors: the order is the rows' own (newest activity first), and paging
 * on continues from the last cursor fetched.
 */
export function updateListRows(queryClient: QueryClient, fn: (rows: ConversationSummary[], filters: ListFilters) => ConversationSummary[]): void {
  for (const [key, data] of queryClient.getQueriesData<ListData>({ queryKey: queryKeys.lists() })) {
    if (!data) continue;
    const filters = key[1] as ListFilters;
    const rows = listRows(data);
    const next = fn(rows, filters);
    if (next === rows) continue;
    queryClient.setQueryData<ListData>(key, {
      ...data,
      pages: data.pages.map((page, i) => ({ ...page, conversations: i === 0 ? next : [] })),
    });
  }
}

function users(queryClient: QueryClient): User[] {
  return queryClient.getQueryData<User[]>(queryKeys.users()) ?? [];
}

/**
 * A change that live events (and answers that carry fields) make to a conversation as cached: its
 * own fields, or the conversation read again whole (`insert`: it may join lists it is not in).
 */
type ConversationChange = { fields: ConversationFields; override: Partial<ConversationSummary> } | { summary: ConversationSummary; insert: boolean };

/** One list's rows after a change; the same array when the change does not touch them. */
function changeRows(rows: ConversationSummary[], change: ConversationChange, filters: ListFilters, meId: number | null, people: readonly User[], mayInsert: boolean): ConversationSummary[] {
  if ('summary' in change) {
    const present = rows.some((r) => r.id === change.summary.id);
    if (!present && !(change.insert && mayInsert && matchesFilters(change.summary, filters, meId))) return rows;
    return upsertConversation(rows, change.summary, filters.sort);
  }
  const row = rows.find((r) => r.id === change.fields.id);
  if (!row) return rows;
  const changed = { ...applyFields(row, change.fields, people), ...change.override };
  if (leavesList(changed, filters, meId)) return rows.filter((r) => r.id !== change.fields.id);
  return upsertConversation(rows, changed, filters.sort);
}

/** Reads under way (lists, details), per cache, each with the changes made meanwhile, in order. */
const readsUnderWay = new WeakMap<QueryClient, Set<ConversationChange[]>>();
function reads(queryClient: QueryClient): Set<ConversationChange[]> {
  let under = readsUnderWay.get(queryClient);
  if (!under) readsUnderWay.set(queryClient, (under = new Set()));
  return under;
}

/**
 * A read of conversations from the server with the changes that reached the cache while it
 * travelled (a resync's refetch, a first read, while events arrive). Its answer may have been read
 * before them and would replace them with the older state until the next event about those
 * conversations, so the caller applies them to the answer too, in order (a change the answer
 * already holds is the same change twice).
 */
async function readWithChanges<T>(queryClient: QueryClient, read: () => Promise<T>): Promise<{ answer: T; changes: ConversationChange[] }> {
  const changes: ConversationChange[] = [];
  reads(queryClient).add(changes);
  try {
    return { answer: await read(), changes };
  } finally {
    reads(queryClient).delete(changes);
  }
}

/** Change every cached list, and remember the change for the reads under way. */
function changeLists(queryClient: QueryClient, change: ConversationChange, meId: number | null): void {
  for (const read of reads(queryClient)) read.push(change);
  const people = users(queryClient);
  updateListRows(queryClient, (rows, filters) => changeRows(rows, change, filters, meId, people, true));
}

/**
 * One page of a list, with the changes made while it was read (readWithChanges): a row that left
 * the view meanwhile stays gone, a changed one keeps the change. Only the first page takes a
 * conversation that joins the list.
 */
export async function fetchListPage(queryClient: QueryClient, filters: ListFilters, cursor: string | null, meId: number | null, signal?: AbortSignal): Promise<ConversationPage> {
  const { answer: page, changes } = await readWithChanges(queryClient, () => listConversations(filters, cursor ?? undefined, signal));
  if (!changes.length) return page;
  const people = users(queryClient);
  const conversations = changes.reduce((rows, change) => changeRows(rows, change, filters, meId, people, cursor === null), page.conversations);
  return { ...page, conversations };
}

/** A conversation's detail, with the changes to it made while it was read (readWithChanges). */
export async function fetchConversationDetail(queryClient: QueryClient, id: number, signal?: AbortSignal): Promise<ConversationDetail> {
  const { answer: detail, changes } = await readWithChanges(queryClient, () => getConversation(id, signal));
  const people = users(queryClient);
  return changes.reduce((d, change) => {
    if ('summary' in change) return change.summary.id === id ? { ...d, ...change.summary } : d;
    return change.fields.id === id ? { ...d, ...applyFields(d, change.fields, people), ...change.override } : d;
  }, detail);
}

/**
 * A conversation's detail as every reader asks for it (the thread, the contact page's reply, a
 * refresh): one key, one read (fetchConversationDetail). Kept current by the live connection, so
 * never stale by age; a reader that wants a fresh read on mount says `staleTime: 0`.
 */
export const conversationDetailQuery = (queryClient: QueryClient, id: number | null) =>
  queryOptions({ queryKey: queryKeys.conversation(id ?? 0), queryFn: id === null ? skipToken : ({ signal }) => fetchConversationDetail(queryClient, id, signal), staleTime: Infinity });

/** A conversation's own fields (a PATCH answer, a live event) into its list rows and its detail. */
export function applyConversationFields(queryClient: QueryClient, fields: ConversationFields, override: Partial<ConversationSummary> = {}, meId: number | null = null): void {
  changeLists(queryClient, { fields, override }, meId);
  const people = users(queryClient);
  queryClient.setQueryData<ConversationDetail>(queryKeys.conversation(fields.id), (detail) => (detail ? { ...detail, ...applyFields(detail, fields, people), ...override } : detail));
}

/** The agent read the conversation: its unread count is zero everywhere, before the server says so. */
export function markConversationRead(queryClient: QueryClient, id: number): void {
  updateListRows(queryClient, (rows) => (rows.some((r) => r.id === id && r.unreadCount) ? rows.map((r) => (r.id === id ? { ...r, unreadCount: 0 } : r)) : rows));
  queryClient.setQueryData<ConversationDetail>(queryKeys.conversation(id), (detail) => (detail?.unreadCount ? { ...detail, unreadCount: 0 } : detail));
}

/** Whether a conversation is on screen: something observes its thread. */
export function isOpen(queryClient: QueryClient, id: number): boolean {
  return (
    (queryClient
      .getQueryCache()
      .find({ queryKey: queryKeys.thread(id), exact: true })
      ?.getObserversCount() ?? 0) > 0
  );
}

/**
 * Read a conversation again (its reply window and preview are computed by the server only) and
 * put it in its detail and its list rows. `insert` also adds it to lists it belongs in (by their
 * filters) but is not in yet: a conversation that just started, or an old one that woke up.
 */
export async function refreshConversation(queryClient: QueryClient, id: number, { insert, meId }: { insert: boolean; meId: number | null }): Promise<void> {
  const detail = await queryClient.fetchQuery({ ...conversationDetailQuery(queryClient, id), staleTime: 0 });
  const { identities: _identities, ...summary } = detail;
  changeLists(queryClient, { summary: isOpen(queryClient, id) ? { ...summary, unreadCount: 0 } : summary, insert }, meId);
}
