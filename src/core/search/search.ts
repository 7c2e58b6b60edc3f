import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { SearchPage, SearchResult } from '../../contract/search.ts';
import type { Db } from '../../db/database.ts';
import type { Database, Platform } from '../../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { avatarPathSql } from '../contacts/avatar-path.ts';
import { channelsOfPlatform } from '../conversations/list-conversations.ts';
import { cutoffOfIndexName, RECENT_INDEX_PREFIX } from './recent-search-index.ts';

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
export async function search(
  db: Db,
  organizationId: number,
  q: string,
  options: { limit?: number; cursor?: string; platform?: Platform } = {},
  tuning: SearchPlanTuning = SEARCH_PLAN,
): Promise<SearchPage> {
  const text = q.trim();
  if (text.length === 0) throw new AppError('VALIDATION_FAILED', 'type something to search for');
  if (text.length > 200) throw new AppError('VALIDATION_FAILED', 'a search is at most 200 characters');
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 50);
  const offset = options.cursor ? searchOffsetOf(options.cursor) : 0;
  // Resolved first, once for people and messages: `channel_id = any(<literals>)` is a plain
  // filter on the index scans; a platform with no channel matches nothing.
  const channelIds = await channelsOfPlatform(db, organizationId, options);
  if (channelIds?.length === 0) return { results: [], nextCursor: null };
  const results: SearchHit[] = offset === 0 ? await searchPeople(db, organizationId, withoutQuotes(text), channelIds, tuning) : [];

  const tsquery = toPrefixTsQuery(text);
  if (!tsquery) return { results, nextCursor: null };
  const messages = await searchMessages(db, organizationId, tsquery, { channelIds, limit, offset }, tuning);
  results.push(...messages.hits);
  return { results, nextCursor: messages.nextCursor };
}

/**
 * The people (conversations) whose name, username, phone or platform id contains the text, the
 * ten with the newest messages first: the first page only.
 *
 * Two plans, chosen by counting the trigram matches up to a cap first (the planner's estimate
 * for an `ilike` is often 5× off, and it then joins every conversation by hash: "Greta Novak" at
 * 1 M messages read 4.7 k buffers for 192 people):
 * - fewer than the cap: the matching identities' conversations through the unique
 *   (channel_id, contact_identity_id) key, one index scan per channel for all of that channel's
 *   matches (`contact_identity_id = any(…)`), the newest ten kept — cost in proportion to the
 *   matches, a heap page each;
 * - the cap or more (a first name: "Greta" is 3,846 people at 1 M): walk the conversations newest
 *   first and test each one's identity, stopping at ten — cost in proportion to how rare a
 *   match is among the newest conversations.
 * Walking costs ~10 × N / M conversations for M matches of N identities, probing ~M; the cap is
 * where the two meet, √(12 N) at the measured ~6 buffers per walked conversation and ~5 per probe.
 */
async function searchPeople(db: Db, organizationId: number, text: string, channelIds: number[] | undefined, tuning: SearchPlanTuning): Promise<SearchHit[]> {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const matches = sql<boolean>`(coalesce(i.display_name, '') || ' ' || coalesce(i.username, '') || ' ' || coalesce(i.phone, '') || ' ' || i.platform_user_id) ilike ${like}`;
  const onChannels = onChannelsOf(channelIds);
  const cap = tuning.peopleCap ?? sql`(select greatest(1000, sqrt(12 * greatest(reltuples, 0)))::int from pg_class where oid = 'contact_identities'::regclass)`;
  const ids = await db.transaction().execute(async (trx) => {
    // (no parallel workers: for ten rows, starting them costs more than any of these plans)
    const off = (plans: string[]) => turnOffForTransaction(trx, plans);
    // The matches up to the cap, read once: counted, and below the cap their conversations
    // through the unique key (not a hash join of every conversation); at the cap the join is
    // skipped (its condition is decided before it runs). The key is read once per channel, with
    // that channel's matches as an array: the scan walks the key's leaf pages in order instead of
    // descending from the root once per match ("Greta Novak" at 10 M, 1,923 people on one
    // channel: 155 descents instead of 1,923, 3.8 k buffers instead of 7.7 k). The pairs found are
    // exactly the matches' (channel_id, id), as the join's were.
    await off(['hashjoin', 'mergejoin', 'seqscan']);
    const counted = await sql<{ found: number; cap: number; ids: string[] }>`
      with m as materialized (
        select i.id, i.channel_id from contact_identities i
         where i.organization_id = ${organizationId} and ${matches} ${onChannels('i')} limit ${cap}),
      per_channel as (select m.channel_id, array_agg(m.id) as identities from m group by m.channel_id)
      select (select count(*) from m)::int as found, ${cap}::int as cap,
             array(select c.id from per_channel g
                     cross join lateral (select c.id, c.last_message_at from conversations c
                                          where c.channel_id = g.channel_id and c.contact_identity_id = any(g.identities)) c
                    where (select count(*) from m) < ${cap}
                    order by c.last_message_at desc nulls first, c.id desc limit 10)::text[] as ids`.execute(trx);
    const { found, cap: reached, ids: byKey } = counted.rows[0]!;
    if (found < reached) return byKey.map(Number);
    // conversations_list_idx, newest first, each identity by its key (no sort, no hash, no bitmap:
    // only the walk is left). Conversations without a message yet come first, as they sort.
    await off(['hashjoin', 'mergejoin', 'seqscan', 'bitmapscan', 'sort']);
    const walk = (last: 'null' | 'not null') => sql<{ id: number }>`
      select c.id from conversations c join contact_identities i on i.id = c.contact_identity_id
       where c.organization_id = ${organizationId} and c.last_message_at is ${sql.raw(last)} and ${matches} ${onChannels('c')}
       order by c.last_message_at desc nulls last, c.id desc limit 10`;
    const first = (await walk('null').execute(trx)).rows;
    const rest = first.length < 10 ? (await walk('not null').execute(trx)).rows : [];
    return [...first, ...rest].slice(0, 10).map((r) => r.id);
  });
  if (ids.length === 0) return [];
  const people = await db
    .selectFrom('conversations as c')
    .innerJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .innerJoin('contacts as p', 'p.id', 'i.contact_id')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .select(['c.id as conversationId', 'p.id as contactId', 'ch.platform', 'c.last_message_at', 'i.username', 'i.phone'])
    .select(sql<string | null>`coalesce(p.display_name, i.display_name, i.username, i.phone)`.as('name'))
    .select(avatarPathSql('i').as('avatarUrl'))
    .where('c.organization_id', '=', organizationId)
    .where('c.id', '=', sql<number>`any(${ids}::bigint[])`)
    .execute();
  const byId = new Map(people.map((p) => [p.conversationId, p]));
  return ids.flatMap((id) => {
    const p = byId.get(id);
    if (!p) return []; // removed meanwhile
    const snippet = [p.name, p.username && `@${p.username}`, p.phone].filter(Boolean).join(' · ');
    const at = snippet.toLowerCase().indexOf(text.toLowerCase());
    return [
      {
        type: 'conversation' as const,
        conversationId: p.conversationId,
        messageId: null,
        snippet,
        highlights: at >= 0 ? [[at, at + text.length] as [number, number]] : [],
        contact: { id: p.contactId, name: p.name, avatarUrl: p.avatarUrl },
        platform: p.platform,
        timestamp: p.last_message_at?.toISOString() ?? null,
      },
    ];
  });
}

/**
 * How the pool of newest matches is gathered (see gatherPool). Tests pass other values to take
 * every path on a small database; nothing else does.
 */
export interface SearchPlanTuning {
  /** Index entries the first walk reads (and counts what matches in). */
  probe: number;
  /** What one match of the prefix costs the GIN index, in walked entries (see gatherPool). */
  prefixCost: number;
  /** What one match costs the GIN path in the heap, in walked entries. */
  heapCost: number;
  /** How far past its estimate a second walk goes (in estimates) before it hands over to the GIN index. */
  walkReach: number;
  /** Time windows the GIN path tries, each older than the last, before it takes the rest of history at once. */
  windows: number;
  /** The people search's cap on trigram matches before it walks conversations instead (see searchPeople); by default from the table's size. */
  peopleCap?: number;
}

/**
 * Measured at 1 M messages (EXPLAIN ANALYZE, bench/FINDINGS.md "Search at 10 M"): walking reads
 * ~0.5 µs per entry; the GIN index puts every message with a word of the prefix into a bitmap
 * at ~1.15 µs each ("parc:*", 54 k, 63 ms), whatever the window; a match's heap page ~4 µs.
 */
export const SEARCH_PLAN: SearchPlanTuning = { probe: 2_000, prefixCost: 2.3, heapCost: 8, walkReach: 3, windows: 3 };

/** The condition "on one of these channels" for a table alias; nothing when no platform was asked. */
const onChannelsOf = (channelIds: number[] | undefined) => (alias: string) => (channelIds ? sql`and ${sql.ref(`${alias}.channel_id`)} = any(${channelIds}::bigint[])` : sql``);

/**
 * The planner's choices the caller rules out (`enable_<plan>` off) and parallel workers, for the
 * rest of the transaction only (set_config's `is_local`): the search picks its plan itself.
 */
const turnOffForTransaction = (trx: Transaction<Database>, plans: string[]) =>
  sql.raw(`select ${plans.map((name) => `set_config('enable_${name}', 'off', true)`).join(', ')}, set_config('max_parallel_workers_per_gather', '0', true)`).execute(trx);

/** A message in the pool: its rank, and its time in microseconds (a Date would drop them, and ties would sort apart). */
interface PoolRow {
  id: number;
  us: bigint;
  rank: number;
}
type RawPoolRow = { id: number; us: string; rank: number };
const toPool = (rows: RawPoolRow[]): PoolRow[] => rows.map((r) => ({ id: r.id, us: BigInt(r.us), rank: r.rank }));
const micros = (column: string | RawBuilder<unknown>) => sql<string>`(extract(epoch from ${typeof column === 'string' ? sql.ref(column) : column}) * 1000000)::int8::text`;
/** A window's edge as a timestamp PostgreSQL reads back exactly (whole milliseconds: any instant will do for an edge). */
const edgeAt = (us: bigint) => new Date(Number(us / 1000n)).toISOString();
/** The word a tsquery ends in as a prefix ("damag & packag:*" → "packag:*"), if it does. */
const prefixOf = (tsquery: string) => /([\p{L}\p{N}]+:\*)\)?$/u.exec(tsquery)?.[1];

/**
 * The adjacent word pairs a query's phrases need, as a tsquery over the lexemes of
 * `snorq_word_pairs` (migration 0048's index): `'damag' <-> 'packag':*` → `'damag packag':*`, a
 * phrase of three words two pairs. `compiled` is PostgreSQL's own text of the query (its stems,
 * stop words gone), so the pairs are the stored ones. Every message the query matches holds these
 * pairs, so they may only narrow the candidates; anything not of the plain shape search builds
 * (words joined by `&`, phrases by `<->`) gives none, and a phrase across a stop word (`<2>`) or
 * after a prefix adds no pair.
 */
export function phrasePairsOf(compiled: string): string | null {
  if (/[()|!]/.test(compiled)) return null;
  const tokens = [...compiled.matchAll(/\s*(?:'((?:[^']|'')*)'(:\*)?|(<->|<\d+>|&))/gy)];
  if (tokens.map((t) => t[0]).join('') !== compiled) return null; // something this does not read
  const pairs: string[] = [];
  for (let i = 1; i + 1 < tokens.length; i += 2) {
    const [left, op, right] = [tokens[i - 1]!, tokens[i]![3], tokens[i + 1]!];
    if (left[1] === undefined || right[1] === undefined || op === undefined) return null; // not lexeme, operator, lexeme
    if (op !== '<->' || left[2]) continue;
    // PostgreSQL writes a quote or a backslash in a lexeme twice, and reads it back so
    const lexeme = [left[1], right[1]].map((l) => l.replace(/''|\\\\/g, (c) => c[0]!)).join(' ');
    pairs.push(`'${lexeme.replace(/['\\]/g, (c) => c + c)}'${right[2] ?? ''}`);
  }
  return pairs.length > 0 ? pairs.join(' & ') : null;
}

/** What the first walk saw (the `covered` statement of gatherPool). */
interface Walked {
  entries: number;
  us: string;
  newest: string;
  prefixed: number;
  total: number;
}

/**
 * Step 2 of gatherPool, priced in walked entries: walking on (`walk`: the entries of the next
 * walk), or the GIN index — over the whole table, or from the recent index's cutoff
 * (`fromCutoff`) when the walk's rate says the pool lies within that index.
 */
export function nextStep(stop: Walked, found: number, size: number, phrase: boolean, recentUs: bigint | null, tuning: SearchPlanTuning): { walk?: number; fromCutoff: boolean } {
  const rest = size - found;
  const walking = (rest * stop.entries) / found;
  // through the pairs: a heap page for each of the table's messages holding them (about as
  // many as hold the phrase); otherwise the prefix's bitmap, then a heap page per match kept
  const gin = phrase ? ((Number(stop.total) * found) / stop.entries) * tuning.heapCost : (Number(stop.total) * stop.prefixed * tuning.prefixCost) / stop.entries + rest * tuning.heapCost;
  // The recent index: the prefix's bitmap over its messages only, then a heap page for every
  // match in it (the bitmap is not cut by time) — if at the walk's rate (this organisation's
  // entries per µs) it holds the rest of the pool. A phrase has its pairs' index instead.
  const walkedUs = Number(BigInt(stop.newest) - BigInt(stop.us));
  const recentEntries = recentUs !== null && !phrase && walkedUs > 0 ? (stop.entries * Math.max(0, Number(BigInt(stop.us) - recentUs))) / walkedUs : 0;
  const recentMatches = (recentEntries * found) / stop.entries;
  const recent = recentEntries > 0 && recentMatches >= rest ? (recentEntries * stop.prefixed * tuning.prefixCost) / stop.entries + recentMatches * tuning.heapCost : Infinity;
  if (walking < Math.min(gin, recent)) return { walk: Math.ceil(stop.entries + tuning.walkReach * walking), fromCutoff: false };
  return { fromCutoff: recent <= gin };
}

/**
 * The organisation's `size` newest messages matching the query (by time, then id), each with its
 * rank, newest first.
 *
 * PostgreSQL cannot choose the plan for this by itself: the search box makes the last word a
 * prefix, whose frequency the planner does not know (it assumes 0.5 % of all messages), so at
 * 10 M messages it walked the time index through all history for a rare word ("xylophone",
 * 231 k buffers, 5.3 s) and read every match of two common words through the GIN index
 * (193 k buffers). What each kind costs depends on how many of the newest messages match, so
 * that is measured first, cheaply:
 *
 * 1. Walk the newest `probe` entries of messages_search_time_idx (index-only; the ranks come from
 *    the index's own search_vector), stopping at `size` matches: a frequent word is done here.
 *    The same entries are counted: how many there were, when the oldest was written, and how
 *    many contain the prefix alone.
 * 2. From those rates, the cheaper of: walking on (entries until the pool is full, at one each),
 *    or the GIN index (every message in the table with the prefix, into a bitmap, plus a heap
 *    page per match kept), or the partial GIN index of recent messages (the same, over the
 *    messages since its cutoff: recent-search-index.ts). A word the walk did not find at all is
 *    rare: the GIN index. A walk that falls short of its estimate (`walkReach` times the entries
 *    expected) hands over to:
 * 3. The GIN index in time windows going back from where the walks stopped, each sized from the
 *    matches per second so far, until the pool is full; after `windows` windows the rest of
 *    history at once. The first window starts at the recent index's cutoff when step 2 chose it
 *    or when it would reach past the cutoff anyway; the windows after it read the whole-table
 *    index, so a message older than the cutoff is found all the same.
 *    A phrase instead reads the rest of history at once through the index of adjacent word
 *    pairs (migration 0048), whose candidates are the messages with its words side by side.
 *
 * The walks and the windows partition time, so the pool is the newest `size` matches whichever
 * way they were found (search-plans.test compares every kind with the single statement this replaced).
 */
async function gatherPool(db: Db, organizationId: number, tsquery: string, channelIds: number[] | undefined, size: number, tuning: SearchPlanTuning): Promise<PoolRow[]> {
  const query = sql`to_tsquery('english', ${tsquery})`;
  const onChannels = onChannelsOf(channelIds);
  // A walk of the newest `entries`: the inner limit bounds the entries read, matching or not
  // (with the ties of the last instant, so that a walk covers whole instants); the outer one
  // stops as soon as the pool is full.
  const walk = async (entries: number) =>
    toPool(
      (
        await sql<RawPoolRow>`
          select w.id, ${micros('w.platform_timestamp')} as us, ts_rank_cd(w.search_vector, ${query}) as rank
            from (select id, platform_timestamp, channel_id, search_vector from messages
                   where organization_id = ${organizationId} and deleted_at is null
                   order by platform_timestamp desc fetch first ${entries} rows with ties) w
           where w.search_vector @@ ${query} ${onChannels('w')}
           order by w.platform_timestamp desc, w.id desc
           limit ${size}`.execute(db)
      ).rows,
    );
  // What a walk of `entries` covered: how many, from when to when, how many have the prefix; and the table's size.
  const covered = async (entries: number) => {
    const prefix = prefixOf(tsquery);
    const rows = await sql<{ entries: number; at: string; us: string; newest: string; prefixed: number; total: number; compiled: string; recent: string | null }>`
      select count(*)::int as entries, ${query}::text as compiled, min(w.platform_timestamp)::text as at, ${micros(sql`min(w.platform_timestamp)`)} as us,
             ${micros(sql`max(w.platform_timestamp)`)} as newest,
             ${prefix ? sql`count(*) filter (where w.search_vector @@ to_tsquery('english', ${prefix}) ${onChannels('w')})::int` : sql`0`} as prefixed,
             (select greatest(reltuples, 0)::int8 from pg_class where oid = 'messages'::regclass) as total,
             (select max(relname)::text from pg_class where relname >= ${RECENT_INDEX_PREFIX}::name and relname < ${`${RECENT_INDEX_PREFIX}~`}::name) as recent
        from (select platform_timestamp, channel_id, search_vector from messages
               where organization_id = ${organizationId} and deleted_at is null
               order by platform_timestamp desc fetch first ${entries} rows with ties) w`.execute(db);
    return rows.rows[0]!;
  };

  // 1. The first walk.
  let pool = await walk(tuning.probe);
  if (pool.length >= size) return pool;
  let stop = await covered(tuning.probe);
  if (stop.entries < tuning.probe) return pool; // the organisation has fewer messages: the walk saw them all
  // A phrase's word pairs, if it has any: its GIN path reads only the messages holding them.
  const pairs = tsquery.includes('<->') ? phrasePairsOf(stop.compiled) : null;
  // The cutoff of the index of recent messages (recent-search-index.ts), the newest by name,
  // valid or not: while the job builds the next one, the window [its cutoff, …) implies the
  // previous index's predicate too, so the planner takes that one; with none valid (the first
  // build), the whole-table index. Read by the name's index of pg_class: 4 buffers.
  const recentAt = stop.recent ? cutoffOfIndexName(stop.recent) : null;
  const recentUs = recentAt ? BigInt(new Date(recentAt).getTime()) * 1000n : null;
  // Whether the first GIN window is [cutoff, where the walks stopped): that index alone.
  let fromCutoff = false;
  // 2. Walk on, or the GIN index.
  if (pool.length > 0) {
    const next = nextStep(stop, pool.length, size, pairs !== null, recentUs, tuning);
    if (next.walk !== undefined) {
      pool = await walk(next.walk);
      if (pool.length >= size) return pool;
      stop = await covered(next.walk);
      if (stop.entries < next.walk) return pool;
    } else fromCutoff = next.fromCutoff;
  }
  // 3. The GIN index, window by window: [lower, upper), the first one up to the walk's last
  //    instant (whose messages the walk read whole, with its ties). A phrase with word pairs
  //    reads the rest of history at once, through migration 0048's index of pairs: the
  //    candidates are the messages with the phrase's words side by side (3.4 k at 10 M for
  //    "damaged package", against 28.6 k with both words), and a window would read every one of
  //    them in the heap again to check its time.
  const newest = BigInt(stop.newest);
  let upperUs = BigInt(stop.us);
  let upper = sql`m.platform_timestamp < ${stop.at}::timestamptz`;
  let span = 0n;
  for (let window = 1; pool.length < size; window++) {
    // Matches per µs so far → the span expected to hold what is missing, half again for luck,
    // and at least twice the last window's (so a few windows reach back anywhere).
    const reach = newest - upperUs;
    if (window <= tuning.windows && pool.length > 0 && reach > 0n) {
      const expected = (BigInt(size - pool.length) * reach * 3n) / (2n * BigInt(pool.length));
      span = expected > 2n * span ? expected : 2n * span;
    }
    // The first window reaches down to the recent index's cutoff when priced so (step 2), or when
    // it would reach past it anyway: [cutoff, upper) is that index alone.
    const toCutoff = window === 1 && recentUs !== null && recentUs < upperUs && pairs === null && pool.length > 0 && (fromCutoff || upperUs - span <= recentUs);
    const lowerUs = toCutoff ? recentUs : upperUs - span;
    const last = !toCutoff && (pairs !== null || window > tuning.windows || pool.length === 0 || reach <= 0n || lowerUs <= 0n);
    const lowerAt = edgeAt(lowerUs);
    const rows = await db.transaction().execute(async (trx) => {
      // Bitmap scans only: the GIN index, with a time index for the window's edges. Left to
      // itself the planner walks the time index for any prefix, whatever its real frequency.
      // No parallel workers either: the planner's 0.5 % makes a parallel plan look worth it, and
      // starting two workers cost 60 ms at 10 M for a prefix with no match at all ("greta:*").
      await turnOffForTransaction(trx, ['indexscan', 'indexonlyscan', 'seqscan']);
      // With pairs, the query is checked by its function, which no index serves: the planner
      // would otherwise AND in the words' GIN scan, an intersection over the whole table.
      const matching = pairs ? sql`snorq_word_pairs(m.search_vector) @@ ${pairs}::tsquery and ts_match_vq(m.search_vector, ${query})` : sql`m.search_vector @@ ${query}`;
      const found = await sql<RawPoolRow>`
        select m.id, ${micros('m.platform_timestamp')} as us, ts_rank_cd(m.search_vector, ${query}) as rank
          from messages m
         where m.organization_id = ${organizationId} and m.deleted_at is null and ${matching}
           and ${upper} ${last ? sql`` : sql`and m.platform_timestamp >= ${lowerAt}::timestamptz`} ${onChannels('m')}
         order by m.platform_timestamp desc, m.id desc
         limit ${size - pool.length}`.execute(trx);
      return found.rows;
    });
    pool.push(...toPool(rows));
    if (last) break;
    upper = sql`m.platform_timestamp < ${lowerAt}::timestamptz`;
    upperUs = BigInt(new Date(lowerAt).getTime()) * 1000n;
  }
  return pool;
}

/** One page of messages matching the tsquery, by relevance among the newest matches, then recency. */
async function searchMessages(db: Db, organizationId: number, tsquery: string, page: { channelIds: number[] | undefined; limit: number; offset: number }, tuning: SearchPlanTuning) {
  const { channelIds, limit, offset } = page;
  const query = sql`to_tsquery('english', ${tsquery})`;
  // Relevance is ranked among the newest matches, not all of them: ranking every message that
  // contains a common word ("order") means scoring tens of thousands of rows per keystroke.
  // The pool grows with the page asked for, so paging on still reaches every match.
  const pool = await gatherPool(db, organizationId, tsquery, channelIds, Math.max(1000, (offset + limit + 1) * 4), tuning);
  const ranked = pool.sort((a, b) => b.rank - a.rank || (a.us === b.us ? b.id - a.id : a.us > b.us ? -1 : 1)).slice(offset, offset + limit + 1);
  if (ranked.length === 0) return { hits: [], nextCursor: null };
  // Only the page's rows are read from messages and joined.
  const rows = await db
    .selectFrom('messages as m')
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
    .where('m.organization_id', '=', organizationId)
    .where('m.id', '=', sql<number>`any(${ranked.map((r) => r.id)}::bigint[])`)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const hits: SearchHit[] = ranked.slice(0, limit).flatMap(({ id }) => {
    const r = byId.get(id);
    if (!r) return []; // removed since the pool was read
    return [
      {
        type: 'message' as const,
        conversationId: r.conversation_id,
        messageId: r.id,
        ...splitHighlights(r.marked),
        contact: { id: r.contactId, name: r.name, avatarUrl: r.avatarUrl },
        platform: r.platform,
        timestamp: r.platform_timestamp.toISOString(),
      },
    ];
  });
  const nextCursor = ranked.length > limit && offset + limit <= MAX_SEARCH_OFFSET ? Buffer.from(String(offset + limit)).toString('base64url') : null;
  return { hits, nextCursor };
}
