import { sql, type SelectQueryBuilder } from 'kysely';
import type { ConversationPage } from '../../contract/conversations.ts';
import type { Db } from '../../db/database.ts';
import type { ConversationStatus, ConversationsTable, Database, Platform } from '../../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { avatarPathSql } from '../contacts/avatar-path.ts';
import { conversationSummaryDto, type ConversationSummaryRow } from './dto.ts';

/** `selectFrom('conversations as c')`, as Kysely types it. */
type ConversationsAsC = Database & { c: ConversationsTable };

export interface ConversationFilter {
  platform?: Platform;
  channelId?: number;
  status?: ConversationStatus;
  /** 'me' (the caller), 'unassigned', or a user id. */
  assignee?: 'me' | 'unassigned' | number;
  unreadOnly?: boolean;
  label?: string;
  conversationIds?: number[];
  limit?: number;
  cursor?: string;
}

/** Keyset cursor over (last_message_at desc, id desc): stable under inserts, no OFFSET scans. */
function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}
function decodeCursor(cursor: string): { at: Date; id: number } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  const n = Number(id);
  if (Number.isNaN(date.getTime()) || !Number.isInteger(n)) throw new AppError('BAD_REQUEST', 'the cursor is not valid; start again without it');
  return { at: date, id: n };
}

/** The inbox list, newest first, with contact, channel, assignee and reply-window state. */
export async function listConversations(db: Db, principal: { organizationId: number; userId: number }, filter: ConversationFilter, now = new Date()): Promise<ConversationPage> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  // Two steps: pick the page's ids from `conversations` alone (its list indexes serve every filter
  // and ORDER BY … LIMIT stops early), then join contacts and channels for those rows only.
  // Joining first makes PostgreSQL join every matching thread before it can sort and cut.
  const channelIds = await channelsOfPlatform(db, principal.organizationId, filter);
  if (channelIds?.length === 0) return { conversations: [], nextCursor: null };
  const ids = await pickPage(db, principal, filter, channelIds, limit);
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
  return {
    conversations: page.map((r) => conversationSummaryDto(r, now)),
    nextCursor: rows.length > limit && last?.last_message_at ? encodeCursor(last.last_message_at, last.id) : null,
  };
}

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
  if (filter.unreadOnly) q = q.where('c.unread_count', '>', 0);
  if (filter.label) q = q.where(sql<boolean>`${filter.label} = any(c.labels)`);
  if (filter.conversationIds) q = q.where('c.id', 'in', filter.conversationIds.length ? filter.conversationIds : [0]);
  return q;
}

/** The ids (and sort key) of one page plus one row, from `conversations` alone, newest first. */
async function pickPage(db: Db, principal: { organizationId: number; userId: number }, filter: ConversationFilter, channelIds: number[] | undefined, limit: number) {
  let pageQuery = whereConversationsMatch(db.selectFrom('conversations as c').select(['c.id', 'c.last_message_at']), principal, filter, channelIds);
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
    .select([
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
