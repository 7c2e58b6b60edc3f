import { sql } from 'kysely';
import type { SearchPage, SearchResult } from '../../contract/search.ts';
import type { Db } from '../../db/database.ts';
import type { Platform } from '../../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { avatarPathSql } from '../contacts/avatar-path.ts';

/** Marks ts_headline puts around matches; control characters never occur in stored text we show. */
const START = '\u0002';
const STOP = '\u0003';

/**
 * The words of a query as a tsquery: every word must match (with English stemming), and the
 * last one also as a prefix, for search-as-you-type ("refund sta" finds "refund status").
 * Words in double quotes are a phrase: they must follow each other in that order ("damaged
 * package" finds "a damaged package", not "the package was damaged"); a phrase still being typed
 * (no closing quote yet) takes its last word as a prefix too. Words are reduced to letters and
 * digits, so no input can inject tsquery syntax.
 */
export function toPrefixTsQuery(q: string): string | null {
  const segments = q
    .normalize('NFKC')
    .replace(/[\u201C\u201D\u201E]/g, '"')
    .split('"');
  // odd segments are inside quotes (one phrase each; the last one open if the quotes are odd); even ones are words
  const terms = segments.flatMap((segment, i) => {
    const words = (segment.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.toLowerCase());
    if (words.length === 0) return [];
    if (i % 2 === 0) return words.map((w) => ({ words: [w], exact: false }));
    return [{ words, exact: i < segments.length - 1 }];
  });
  if (terms.length === 0) return null;
  return terms
    .map(({ words, exact }, i) => {
      const prefix = i === terms.length - 1 && !exact;
      const shown = words.map((w, j) => (prefix && j === words.length - 1 ? `${w}:*` : w));
      return shown.length > 1 ? `(${shown.join(' <-> ')})` : shown[0]!;
    })
    .join(' & ');
}

/** The text a person's name or number is matched against: the query without its phrase quotes. */
const withoutQuotes = (text: string) => text.replace(/["\u201C\u201D\u201E]/g, '').trim();

/** A person or a message that matched, as the API sends it. */
export type SearchHit = SearchResult;

/** Turn ts_headline's marked text into plain text plus match ranges. */
export function splitHighlights(marked: string): { snippet: string; highlights: [number, number][] } {
  let snippet = '';
  const highlights: [number, number][] = [];
  let start = -1;
  for (const ch of marked) {
    if (ch === START) start = snippet.length;
    else if (ch === STOP) {
      if (start >= 0) highlights.push([start, snippet.length]);
      start = -1;
    } else snippet += ch;
  }
  return { snippet, highlights };
}

/**
 * How deep paging goes: 250 pages of 20. Each page ranks a pool four times its offset, so a
 * cursor of any size would let one request rank every message of the organisation.
 */
export const MAX_SEARCH_OFFSET = 5_000;

/**
 * The offset a `nextCursor` stands for. Only what search() itself hands out is accepted: a
 * positive whole number up to MAX_SEARCH_OFFSET, base64url-encoded. Anything else (negative,
 * huge, not a number) is a 400, not a database error or a silent first page.
 */
export function searchOffsetOf(cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,12}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('latin1') : '';
  const offset = /^[1-9]\d{0,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(offset <= MAX_SEARCH_OFFSET)) {
    throw new AppError('VALIDATION_FAILED', `the search cursor is not valid: pass the nextCursor of a previous answer (searches page up to ${MAX_SEARCH_OFFSET} results deep)`);
  }
  return offset;
}

/**
 * Everything an organisation ever received or sent, by words, plus its people by name, username
 * or phone. No time cap. Conversations (people) come first on the first page, then messages by
 * relevance and recency. Paginated by offset (relevance order has no stable key).
 */
export async function search(db: Db, organizationId: number, q: string, options: { limit?: number; cursor?: string; platform?: Platform } = {}): Promise<SearchPage> {
  const text = q.trim();
  if (text.length === 0) throw new AppError('VALIDATION_FAILED', 'type something to search for');
  if (text.length > 200) throw new AppError('VALIDATION_FAILED', 'a search is at most 200 characters');
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 50);
  const offset = options.cursor ? searchOffsetOf(options.cursor) : 0;
  const results: SearchHit[] = offset === 0 ? await searchPeople(db, organizationId, withoutQuotes(text), options.platform) : [];

  const tsquery = toPrefixTsQuery(text);
  let channelIds: number[] | undefined;
  if (tsquery && options.platform) {
    // Resolved first: `channel_id in (<literals>)` is a plain filter on the pool's index scan.
    const rows = await db.selectFrom('channels').select('id').where('organization_id', '=', organizationId).where('platform', '=', options.platform).execute();
    channelIds = rows.map((r) => r.id);
  }
  if (!tsquery || (channelIds && channelIds.length === 0)) return { results, nextCursor: null };
  const messages = await searchMessages(db, organizationId, tsquery, { channelIds, limit, offset });
  results.push(...messages.hits);
  return { results, nextCursor: messages.nextCursor };
}

/** The people (conversations) whose name, username, phone or platform id contains the text: the first page only. */
async function searchPeople(db: Db, organizationId: number, text: string, platform: Platform | undefined): Promise<SearchHit[]> {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let people = db
    .selectFrom('contact_identities as i')
    // A conversation is on its identity's channel: saying so lets the join use the unique
    // (channel_id, contact_identity_id) key instead of reading every conversation (EXPLAIN at 1 M).
    .innerJoin('conversations as c', (j) => j.onRef('c.channel_id', '=', 'i.channel_id').onRef('c.contact_identity_id', '=', 'i.id'))
    .innerJoin('contacts as p', 'p.id', 'i.contact_id')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .select(['c.id as conversationId', 'p.id as contactId', 'ch.platform', 'c.last_message_at', 'i.username', 'i.phone'])
    .select(sql<string | null>`coalesce(p.display_name, i.display_name, i.username, i.phone)`.as('name'))
    .select(avatarPathSql('i').as('avatarUrl'))
    .where('i.organization_id', '=', organizationId)
    .where(sql<boolean>`(coalesce(i.display_name, '') || ' ' || coalesce(i.username, '') || ' ' || coalesce(i.phone, '') || ' ' || i.platform_user_id) ilike ${like}`)
    .orderBy('c.last_message_at', 'desc')
    .limit(10);
  if (platform) people = people.where('ch.platform', '=', platform);
  return (await people.execute()).map((p) => {
    const snippet = [p.name, p.username && `@${p.username}`, p.phone].filter(Boolean).join(' · ');
    const at = snippet.toLowerCase().indexOf(text.toLowerCase());
    return {
      type: 'conversation',
      conversationId: p.conversationId,
      messageId: null,
      snippet,
      highlights: at >= 0 ? [[at, at + text.length]] : [],
      contact: { id: p.contactId, name: p.name, avatarUrl: p.avatarUrl },
      platform: p.platform,
      timestamp: p.last_message_at?.toISOString() ?? null,
    };
  });
}

/** One page of messages matching the tsquery, by relevance among the newest matches, then recency. */
async function searchMessages(db: Db, organizationId: number, tsquery: string, page: { channelIds: number[] | undefined; limit: number; offset: number }) {
  const { channelIds, limit, offset } = page;
  const query = sql`to_tsquery('english', ${tsquery})`;
  // Relevance is ranked among the newest matches, not all of them: ranking every message that
  // contains a common word ("order") means scoring tens of thousands of rows per keystroke.
  // The pool grows with the page asked for, so paging on still reaches every match.
  // The pool query ranks as it goes (it already has each row's search_vector): for a common or
  // medium word it is an index-only scan of messages_search_time_idx, newest first; for a rare
  // one the GIN index. Only the page's rows are then read from messages and joined.
  const pool = Math.max(1000, (offset + limit + 1) * 4);
  let candidates = db
    .selectFrom('messages as m')
    .select(['m.id', 'm.platform_timestamp'])
    .select(sql<number>`ts_rank_cd(m.search_vector, ${query})`.as('rank'))
    .where('m.organization_id', '=', organizationId)
    .where(sql<boolean>`m.search_vector @@ ${query}`)
    .where('m.deleted_at', 'is', null)
    .orderBy('m.platform_timestamp', 'desc')
    .limit(pool);
  if (channelIds) candidates = channelIds.length === 1 ? candidates.where('m.channel_id', '=', channelIds[0]!) : candidates.where('m.channel_id', 'in', channelIds);
  const rows = await db
    .with('pool', () => candidates)
    .with('page', (qb) =>
      qb
        .selectFrom('pool')
        .select(['pool.id', 'pool.rank', 'pool.platform_timestamp'])
        .orderBy('pool.rank', 'desc')
        .orderBy('pool.platform_timestamp', 'desc')
        .orderBy('pool.id', 'desc')
        .limit(limit + 1)
        .offset(offset),
    )
    .selectFrom('page as k')
    .innerJoin('messages as m', 'm.id', 'k.id')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('contacts as p', 'p.id', 'c.contact_id')
    .innerJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .innerJoin('channels as ch', 'ch.id', 'm.channel_id')
    .select(['m.id', 'm.conversation_id', 'm.platform_timestamp', 'ch.platform', 'p.id as contactId'])
    .select(sql<string | null>`coalesce(p.display_name, i.display_name, i.username, i.phone)`.as('name'))
    .select(avatarPathSql('i').as('avatarUrl'))
    // short messages are shown whole; long ones as the fragment around the matches
    .select(
      sql<string>`ts_headline('english', m.content, ${query}, case when length(m.content) <= 240
        then ${`StartSel=${START}, StopSel=${STOP}, HighlightAll=true`}
        else ${`StartSel=${START}, StopSel=${STOP}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`} end)`.as('marked'),
    )
    .orderBy('k.rank', 'desc')
    .orderBy('k.platform_timestamp', 'desc')
    .orderBy('k.id', 'desc')
    .execute();
  const hits: SearchHit[] = rows.slice(0, limit).map((r) => ({
    type: 'message',
    conversationId: r.conversation_id,
    messageId: r.id,
    ...splitHighlights(r.marked),
    contact: { id: r.contactId, name: r.name, avatarUrl: r.avatarUrl },
    platform: r.platform,
    timestamp: r.platform_timestamp.toISOString(),
  }));
  const nextCursor = rows.length > limit && offset + limit <= MAX_SEARCH_OFFSET ? Buffer.from(String(offset + limit)).toString('base64url') : null;
  return { hits, nextCursor };
}
