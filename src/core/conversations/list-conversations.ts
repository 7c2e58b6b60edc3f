import { sql, type SelectQueryBuilder } from 'kysely';
import type { ConversationPage, ConversationSort } from '../../contract/conversations.ts';
import type { Db } from '../../db/database.ts';
import type { ConversationStatus, ConversationsTable, Database, Platform } from '../../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { avatarPathSql } from '../contacts/avatar-path.ts';
import { dayStartSql } from '../metrics/date-range.ts';
import { conversationSummaryDto, type ConversationSummaryRow } from './dto.ts';

/** `selectFrom('conversations as c')`, as Kysely types it. */
type ConversationsAsC = Database & { c: ConversationsTable };

export interface ConversationFilter {
  platform?: Platform;
  channelId?: number;
  status?: ConversationStatus;
  /** 'me' (the caller), 'unassigned', or a user id. */
  assignee?: 'me' | 'unassigned' | number;
  /** true: unread only; 'unanswered': unread or waiting for an answer. */
  unreadOnly?: boolean | 'unanswered';
  /** Only conversations whose customer waits for an answer. */
  waiting?: boolean;
  label?: string;
  /** Only conversations whose SLA clock is at risk (past its warning time, not yet due) or breached (past due). */
  sla?: 'at_risk' | 'breached';
  /** Started on or after / on or before these days (YYYY-MM-DD) in the organisation's time zone. */
  createdFrom?: string;
  createdTo?: string;
  sort?: ConversationSort;
  /** The moment the SLA view is judged at (tests fix it; default: now). */
  now?: Date;
  conversationIds?: number[];
  limit?: number;
  cursor?: string;
}

/**
 * The default order's cursor is a keyset over (last_message_at desc, id desc): stable under
 * inserts, no OFFSET scans. The other orders (waiting, priority) sort on keys that change as
 * agents work and hold few rows that matter (the waiting ones, the urgent ones); their cursor is
 * an offset, and the web app drops a row a later page repeats.
 */
function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}
function decodeCursor(cursor: string): { at: Date; id: number } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  const n = Number(id);
  if (Number.isNaN(date.getTime()) || !Number.isInteger(n)) throw badCursor();
  return { at: date, id: n };
}
const badCursor = () => new AppError('BAD_REQUEST', 'the cursor is not valid; start again without it');
function encodeOffset(offset: number): string {
  return Buffer.from(`offset|${offset}`).toString('base64url');
}
function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  const [tag, n] = Buffer.from(cursor, 'base64url').toString().split('|');
  const offset = Number(n);
  if (tag !== 'offset' || !Number.isInteger(offset) || offset < 0) throw badCursor();
  return offset;
}

/** The inbox list, newest first, with contact, channel, assignee and reply-window state. */
export async function listConversations(db: Db, principal: { organizationId: number; userId: number }, filter: ConversationFilter, now = new Date()): Promise<ConversationPage> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  // Two steps: pick the page's ids from `conversations` alone (its list indexes serve every filter
  // and ORDER BY … LIMIT stops early), then join contacts and channels for those rows only.
  // Joining first makes PostgreSQL join every matching thread before it can sort and cut.
  const channelIds = await channelsOfPlatform(db, principal.organizationId, filter);
  if (channelIds?.length === 0) return { conversations: [], nextCursor: null };
  const ids = await pickPage(db, principal, { ...filter, now: filter.now ?? now }, channelIds, limit);
  if (ids.length === 0) return { conversations: [], nextCursor: null };
  const byId = new Map(
    (
      await summaryRows(
        db,
        ids.map((r) => r.id),
      )
    ).map((d) => [d.id, d]),
  );
  const rows = ids.map((r) => byId.get(r.id)!).filter(Boolean);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const more = rows.length > limit;
  let nextCursor: string | null = null;
  if (more && isKeyset(filter)) nextCursor = last?.last_message_at ? encodeCursor(last.last_message_at, last.id) : null;
  else if (more) nextCursor = encodeOffset(decodeOffset(filter.cursor) + limit);
  return { conversations: page.map((r) => conversationSummaryDto(r, now)), nextCursor };
}

const isKeyset = (filter: ConversationFilter) => (filter.sort ?? 'recent') === 'recent';

/**
 * The channels of the filter's platform (undefined: no platform asked; empty: none, so nothing
 * matches). Resolved before the query, not in a subquery: `channel_id = <literal>` is what lets
 * the per-channel index (conversations_channel_list_idx) deliver rows already in order.
 */
export async function channelsOfPlatform(db: Db, organizationId: number, filter: Pick<ConversationFilter, 'platform'>): Promise<number[] | undefined> {
  if (!filter.platform) return undefined;
  const rows = await db.selectFrom('channels').select('id').where('organization_id', '=', organizationId).where('platform', '=', filter.platform).execute();
  return rows.map((r) => r.id);
}

/**
 * The list's filter as conditions on `conversations as c`: the one definition of "matching the
 * filter", shared by the list and by bulk actions over a filter (bulk-update-conversations.ts).
 */
export function whereConversationsMatch<O>(
  query: SelectQueryBuilder<ConversationsAsC, 'c', O>,
  principal: { organizationId: number; userId: number },
  filter: ConversationFilter,
  channelIds: number[] | undefined,
): SelectQueryBuilder<ConversationsAsC, 'c', O> {
  let q = query.where('c.organization_id', '=', principal.organizationId);
  // The list shows threads with messages; asking for given ids finds them even when empty.
  if (!filter.conversationIds) q = q.where('c.last_message_at', 'is not', null);
  if (channelIds) q = channelIds.length === 1 ? q.where('c.channel_id', '=', channelIds[0]!) : q.where('c.channel_id', 'in', channelIds.length ? channelIds : [0]);
  if (filter.channelId) q = q.where('c.channel_id', '=', filter.channelId);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  if (filter.assignee === 'me') q = q.where('c.assignee_id', '=', principal.userId);
  else if (filter.assignee === 'unassigned') q = q.where('c.assignee_id', 'is', null);
  else if (typeof filter.assignee === 'number') q = q.where('c.assignee_id', '=', filter.assignee);
  if (filter.unreadOnly === 'unanswered') q = q.where((eb) => eb.or([eb('c.unread_count', '>', 0), eb('c.waiting_since', 'is not', null)]));
  else if (filter.unreadOnly) q = q.where('c.unread_count', '>', 0);
  // As the dashboard counts them (inbox-metrics.ts): a resolved or snoozed thread waits for nobody.
  if (filter.waiting) q = q.where('c.waiting_since', 'is not', null).where('c.status', 'in', ['open', 'pending']);
  if (filter.label) q = q.where(sql<boolean>`${filter.label} = any(c.labels)`);
  if (filter.sla) q = whereSla(q, filter.sla, filter.now ?? new Date());
  // Whole days in the organisation's time zone, as the dashboard's range counts them (date-range.ts).
  if (filter.createdFrom) q = q.where('c.created_at', '>=', dayStartSql(filter.createdFrom, principal.organizationId));
  if (filter.createdTo) q = q.where('c.created_at', '<', dayStartSql(filter.createdTo, principal.organizationId, true));
  if (filter.conversationIds) q = q.where('c.id', 'in', filter.conversationIds.length ? filter.conversationIds : [0]);
  return q;
}

/**
 * The SLA view, as the rows' badges judge it (dto.ts slaClockDto): a clock of the current wait of
 * an open or pending conversation; at risk from its warning time until due, breached from then on.
 */
function whereSla<O>(q: SelectQueryBuilder<ConversationsAsC, 'c', O>, sla: 'at_risk' | 'breached', now: Date): SelectQueryBuilder<ConversationsAsC, 'c', O> {
  const clocked = q
    .where('c.status', 'in', ['open', 'pending'])
    .where(sql<boolean>`c.waiting_since = c.sla_started_at`)
    .where('c.sla_due_at', 'is not', null);
  return sla === 'breached' ? clocked.where('c.sla_due_at', '<=', now) : clocked.where('c.sla_warn_at', '<=', now).where('c.sla_due_at', '>', now);
}

/** The ids of one page plus one row, from `conversations` alone, in the filter's order. */
async function pickPage(db: Db, principal: { organizationId: number; userId: number }, filter: ConversationFilter, channelIds: number[] | undefined, limit: number) {
  let pageQuery = whereConversationsMatch(db.selectFrom('conversations as c').select(['c.id', 'c.last_message_at']), principal, filter, channelIds);
  if (filter.sort === 'waiting') {
    // The longest-waiting customer first (customers who wrote in the same second: the older
    // conversation first); those not waiting after them, newest activity first.
    return pageQuery
      .orderBy('c.waiting_since', (ob) => ob.asc().nullsLast())
      .orderBy(sql`case when c.waiting_since is null then c.last_message_at end`, (ob) => ob.desc().nullsLast())
      .orderBy('c.id', 'asc')
      .offset(decodeOffset(filter.cursor))
      .limit(limit + 1)
      .execute();
  }
  if (filter.sort === 'sla') {
    // The nearest SLA due time first (a clock that matches the current wait); the rest newest first.
    return pageQuery
      .orderBy(sql`case when c.waiting_since = c.sla_started_at then c.sla_due_at end`, (ob) => ob.asc().nullsLast())
      .orderBy('c.last_message_at', (ob) => ob.desc().nullsLast())
      .orderBy('c.id', 'desc')
      .offset(decodeOffset(filter.cursor))
      .limit(limit + 1)
      .execute();
  }
  if (filter.sort === 'priority') {
    return pageQuery
      .orderBy(sql`array_position(array['urgent', 'high', 'normal', 'low']::text[], c.priority::text)`)
      .orderBy('c.last_message_at', (ob) => ob.desc().nullsLast())
      .orderBy('c.id', 'desc')
      .offset(decodeOffset(filter.cursor))
      .limit(limit + 1)
      .execute();
  }
  if (filter.cursor) {
    const { at, id } = decodeCursor(filter.cursor);
    pageQuery = pageQuery.where(sql<boolean>`(c.last_message_at, c.id) < (${at}, ${id})`);
  }
  // `nulls last` as in the list indexes: a bare `desc` means nulls first, an order no index has,
  // and PostgreSQL would then read and sort every conversation of the organisation.
  return pageQuery
    .orderBy('c.last_message_at', (ob) => ob.desc().nullsLast())
    .orderBy('c.id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** What a list row shows of each conversation: the thread, its channel, contact and assignee. */
async function summaryRows(db: Db, ids: number[]): Promise<ConversationSummaryRow[]> {
  return db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .innerJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .innerJoin('contacts as p', 'p.id', 'c.contact_id')
    .leftJoin('users as u', 'u.id', 'c.assignee_id')
    .leftJoin('messages as lm', 'lm.id', 'c.last_message_id')
    .leftJoin('users as lu', 'lu.id', 'lm.sender_user_id')
    .select([
      'lm.direction as last_direction',
      'lm.sender_user_id as last_sender_id',
      'lu.name as last_sender_name',
      sql<boolean>`coalesce(lm.metadata ? 'automation', false)`.as('last_automatic'),
      'c.id',
      'c.status',
      'c.snoozed_until',
      'c.priority',
      'c.labels',
      'c.unread_count',
      'c.last_message_preview',
      'c.last_message_at',
      'c.last_inbound_at',
      'c.waiting_since',
      'c.sla_started_at',
      'c.sla_kind',
      'c.sla_warn_at',
      'c.sla_due_at',
      'c.sla_breached_at',
      'c.assignee_id',
      'u.name as assignee_name',
      'ch.id as channel_id',
      'ch.platform',
      'ch.display_name as channel_name',
      'ch.connection_state',
      'p.id as contact_id',
      'i.platform_user_id',
      'i.username',
      'i.phone',
      sql<string | null>`coalesce(p.display_name, i.display_name, i.username, i.phone)`.as('contact_name'),
      avatarPathSql('i').as('avatar_url'),
    ])
    .where('c.id', 'in', ids)
    .execute();
}
