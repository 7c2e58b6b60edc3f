import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutoffOfIndexName, maintainRecentSearchIndex } from '../../src/core/search/recent-search-index.ts';
import { phrasePairsOf, search, SEARCH_PLAN, toPrefixTsQuery, type SearchPlanTuning } from '../../src/core/search/search.ts';
import type { Database } from '../../src/db/schema.ts';
import type { Platform } from '../../src/db/schema.ts';
import { createTestDatabase } from '../helpers/test-database.ts';

/**
 * Message search gathers its pool of newest matches by a walk of the newest entries, then GIN
 * reads in time windows (src/core/search/search.ts). Whichever way a pool is found, the answer
 * must be the one the single statement it replaced gave: that statement is kept here, verbatim,
 * as the reference, and every kind of search (frequent, medium and rare words, two words, a
 * phrase, a prefix, a name, a number, nothing) is compared with it page by page, per
 * organisation and platform, with the walk cut short so that each path is taken on a small
 * database. Timestamps are distinct: at a tie the reference's pool was the planner's choice.
 */

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Kysely<Database>;
const statements: CompiledQuery[] = [];
let orgA: number;
let orgB: number;

const A_MESSAGES = 9000;
const B_MESSAGES = 3000;
const VOCABULARY = ['hello', 'thanks', 'package', 'parcel', 'damaged', 'delivery', 'tracking', 'address', 'payment', 'invoice', 'shoes', 'jacket', 'late', 'box', 'store', 'return'];

/** The statement search sent before the pool was gathered in steps (0f80a6e), with its parameters: the ids of one page and the next one's first. */
async function reference(organizationId: number, q: string, channelIds: number[] | undefined, limit: number, offset: number): Promise<number[]> {
  const tsquery = toPrefixTsQuery(q);
  if (!tsquery || (channelIds && channelIds.length === 0)) return [];
  const query = sql`to_tsquery('english', ${tsquery})`;
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
    .select('m.id')
    .orderBy('k.rank', 'desc')
    .orderBy('k.platform_timestamp', 'desc')
    .orderBy('k.id', 'desc')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The reference's answers, kept while the messages stay as they are: every tuning of a block is
 * compared with the same pages, and working them out again for each tuning was most of this
 * file's PostgreSQL time. A test that adds or removes messages calls `messagesChanged()`.
 */
const referenceAnswers = new Map<string, Promise<number[]>>();
function messagesChanged(): void {
  referenceAnswers.clear();
}
function referenceOnce(organizationId: number, q: string, channelIds: number[] | undefined, limit: number, offset: number): Promise<number[]> {
  const key = JSON.stringify([organizationId, q, channelIds, limit, offset]);
  let answer = referenceAnswers.get(key);
  if (!answer) referenceAnswers.set(key, (answer = reference(organizationId, q, channelIds, limit, offset)));
  return answer;
}

/** The people query search sent before it chose its plan by a count (0f80a6e): the conversation ids of the first page. */
async function referencePeople(organizationId: number, text: string, platform: Platform | undefined): Promise<number[]> {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let people = db
    .selectFrom('contact_identities as i')
    .innerJoin('conversations as c', (j) => j.onRef('c.channel_id', '=', 'i.channel_id').onRef('c.contact_identity_id', '=', 'i.id'))
    .innerJoin('contacts as p', 'p.id', 'i.contact_id')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .select(['c.id as conversationId'])
    .where('i.organization_id', '=', organizationId)
    .where(sql<boolean>`(coalesce(i.display_name, '') || ' ' || coalesce(i.username, '') || ' ' || coalesce(i.phone, '') || ' ' || i.platform_user_id) ilike ${like}`)
    .orderBy('c.last_message_at', 'desc')
    .limit(10);
  if (platform) people = people.where('ch.platform', '=', platform);
  return (await people.execute()).map((p) => p.conversationId);
}

/** An organisation with channels, `people` conversations and `count` messages (count prime to 7919), one every `every` seconds from `from`. */
async function seedOrganization(name: string, platforms: Platform[], people: number, count: number, from: string, every: number): Promise<number> {
  const org = (await db.insertInto('organizations').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
  for (const platform of platforms) {
    await db
      .insertInto('channels')
      .values({ organization_id: org, platform, external_account_id: `${name}-${platform}`, display_name: `${name} ${platform}` })
      .execute();
  }
  const channels = `(select array_agg(id order by id) from channels where organization_id = ${org})`;
  await sql`
    insert into contacts (organization_id, display_name, phone)
    select ${org}, (array['Greta Novak', 'Greta Lind', 'Ana Souza', 'Bruno Lima'])[1 + k % 4] || ' ' || k, '+4915000' || lpad(k::text, 5, '0')
      from generate_series(1, ${people}) k`.execute(db);
  await sql`
    insert into contact_identities (organization_id, contact_id, channel_id, platform, platform_user_id, display_name, phone)
    select ${org}, p.id, ch.id, ch.platform, 'u-' || p.id, p.display_name, p.phone
      from (select id, display_name, phone, row_number() over (order by id) as k from contacts where organization_id = ${org}) p
      join channels ch on ch.id = (${sql.raw(channels)})[1 + p.k % ${platforms.length}]`.execute(db);
  await sql`
    insert into conversations (organization_id, channel_id, contact_identity_id, contact_id)
    select ${org}, channel_id, id, contact_id from contact_identities where organization_id = ${org}`.execute(db);
  // Words drawn by a hash of the message number (the same text every run); three words at known
  // rates; a phrase and its reverse; one message in 89 removed. Times are a permutation of the
  // numbers, so that id order is not time order.
  const word = (j: number) => `(array[${VOCABULARY.map((w) => `'${w}'`).join(',')}])[1 + (hashint8(g * 16 + ${j}) & 2147483647) % ${VOCABULARY.length}]`;
  await sql`
    insert into messages (organization_id, conversation_id, channel_id, direction, content, content_type, status, platform_timestamp, deleted_at)
    select ${org}, c.id, c.channel_id, 'inbound',
           concat_ws(' ', case when g % 6 = 0 then 'order' end, ${sql.raw([1, 2, 3, 4].map(word).join(', '))},
                     case when g % 4 = 1 then ${sql.raw(word(5))} end,
                     case when g % 50 = 0 then 'refund' end, case when g % 1999 = 11 then 'xylophone' end,
                     case when g % 37 = 3 then 'a damaged package' when g % 41 = 5 then 'the package was damaged' end),
           'text', 'delivered', ${from}::timestamptz + ((g * 7919) % ${count}) * ${every} * interval '1 second',
           case when g % 89 = 0 then now() end
      from generate_series(1, ${count}) g
      join (select id, channel_id, row_number() over (order by id) - 1 as k from conversations where organization_id = ${org}) c on c.k = g % ${people}`.execute(db);
  // Each thread's newest message, as ingestion keeps it; one thread without (it sorts first).
  await sql`
    update conversations c set last_message_at = (select max(platform_timestamp) from messages m where m.conversation_id = c.id)
     where c.organization_id = ${org}`.execute(db);
  await sql`
    update conversations set last_message_at = null
     where id = (select c.id from conversations c join contact_identities i on i.id = c.contact_identity_id
                  where c.organization_id = ${org} and i.display_name like 'Greta Novak%' order by c.id limit 1)`.execute(db);
  return org;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: database.pool }), log: (e) => void (e.level === 'query' && statements.push(e.query)) });
  // B's messages fall between A's: a walk or a window that leaked across organisations would show.
  orgA = await seedOrganization('A', ['whatsapp', 'instagram', 'messenger'], 120, A_MESSAGES, '2024-01-01T00:00:00Z', 3600);
  orgB = await seedOrganization('B', ['whatsapp'], 30, B_MESSAGES, '2024-01-01T00:20:00Z', 10_800);
  await sql`analyze messages, conversations, contact_identities, contacts`.execute(db);
});
afterAll(async () => {
  await database?.drop();
});

const SEARCHES = [
  'order',
  'ord',
  'refund',
  'xylophone',
  'damaged package',
  '"damaged package"',
  '"damaged pack',
  'late "a damaged package"',
  'parc',
  'package',
  'order refund',
  'Greta Novak',
  '+4915000',
  'nomatchatall',
];
const WALK = { prefixCost: 1e9, heapCost: 1e9, walkReach: 3 }; // walking on always looks cheaper
const GIN = { prefixCost: 0, heapCost: 0, walkReach: 3 }; // the GIN index always looks cheaper
const TUNINGS: [string, SearchPlanTuning][] = [
  ['the default: a walk of 2,000 entries, then by the cost of each', SEARCH_PLAN],
  ['a walk of 500 entries, then walking on', { ...WALK, probe: 500, windows: 3 }],
  ['a walk of 500 entries, a second one cut short, then three windows', { ...WALK, probe: 500, walkReach: 0.05, windows: 3 }],
  ['a walk of 40 entries, then one window and the rest', { ...GIN, probe: 40, windows: 1 }],
  ['a walk of 200 entries, then all history at once', { ...GIN, probe: 200, windows: 0 }],
];
const cursorAt = (offset: number) => Buffer.from(String(offset)).toString('base64url');

const PEOPLE = ['Greta', 'Greta Novak', 'novak 1', 'greta lind 11', '+4915000', '+491500000042', 'souza', 'u-', 'nobody', '""', '%', '_'];
const PEOPLE_CAPS: [string, number | undefined][] = [
  ['the default cap (from the table size: at least 1,000, so by identities here)', undefined],
  ['a cap of 1: the walk of newest conversations', 1],
  ['a cap of 20: either, by the count', 20],
];

describe('the people search finds the same ten whichever plan it takes', () => {
  for (const [label, peopleCap] of PEOPLE_CAPS) {
    it(`matches the single statement: ${label}`, async () => {
      for (const [org, platform] of [
        [orgA, undefined],
        [orgA, 'instagram'],
        [orgB, undefined],
        [orgB, 'instagram'],
      ] as const) {
        for (const q of PEOPLE) {
          const page = await search(db, org, q, { platform }, { ...SEARCH_PLAN, peopleCap });
          const people = page.results.filter((r) => r.type === 'conversation');
          const where = `${q} in org ${org === orgA ? 'A' : 'B'}${platform ? ` on ${platform}` : ''}`;
          expect(
            people.map((r) => r.conversationId),
            where,
          ).toEqual(await referencePeople(org, q.replace(/"/g, ''), platform));
          // what matched is in the snippet (a platform id is not shown)
          if (q !== 'u-') for (const r of people) expect(r.snippet.toLowerCase(), where).toContain(q.replace(/"/g, '').toLowerCase());
        }
      }
    });
  }

  it('walks conversations at the cap or past it, probes the key below it', async () => {
    const plan = async (peopleCap: number | undefined) => {
      statements.length = 0;
      await search(db, orgA, 'Greta', {}, { ...SEARCH_PLAN, peopleCap });
      const walk = statements.some((s) => /from conversations c join contact_identities i/.test(s.sql));
      return { walk, key: !walk && statements.some((s) => /from per_channel g/.test(s.sql)) };
    };
    // 'Greta' is half of A's 120 people
    expect(await plan(60)).toEqual({ walk: true, key: false });
    expect(await plan(61)).toEqual({ walk: false, key: true });
    expect(await plan(undefined)).toEqual({ walk: false, key: true });
  });

  it('reads the key once per channel below the cap, not once per match', async () => {
    statements.length = 0;
    await search(db, orgA, 'Greta', {}, SEARCH_PLAN);
    const at = statements.findIndex((s) => /with m as materialized/.test(s.sql));
    const [settings, counted] = [statements[at - 1]!, statements[at]!];
    expect(settings.sql).toMatch(/set_config/);
    // the statement as search ran it, after its transaction's settings
    type Node = { 'Index Name'?: string; 'Actual Loops': number; 'Actual Rows': number; Plans?: Node[] };
    const plan = await db.transaction().execute(async (trx) => {
      await trx.executeQuery(settings);
      const { rows } = await trx.executeQuery<{ 'QUERY PLAN': { Plan: Node }[] }>({ ...counted, sql: `explain (analyze, format json) ${counted.sql}` });
      return rows[0]!['QUERY PLAN'][0]!.Plan;
    });
    const nodes = (n: Node): Node[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
    const key = nodes(plan).filter((n) => n['Index Name'] === 'conversations_identity_key');
    // 'Greta' is half of A's 120 people, on its three channels: three scans of the key, not 60
    expect(key.map((n) => n['Actual Loops'])).toEqual([3]);
  });

  it('sorts a thread without messages first, as the statement did', async () => {
    for (const peopleCap of [1, 1000]) {
      const page = await search(db, orgA, 'Greta', {}, { ...SEARCH_PLAN, peopleCap });
      expect(page.results[0]).toMatchObject({ type: 'conversation', snippet: expect.stringMatching(/^Greta Novak/), timestamp: null });
      expect(page.results.slice(1, 10).every((r) => r.type === 'conversation' && r.timestamp !== null)).toBe(true);
    }
  });
});

/** Every search's pages (first, next, deep, wide) against the reference, per organisation and platform. */
async function expectPagesOfReference(
  tuning: SearchPlanTuning,
  searches: string[] = SEARCHES,
  orgs: [number, Platform | undefined][] = [
    [orgA, undefined],
    [orgA, 'instagram'],
    [orgB, undefined],
  ],
) {
  for (const [org, platform] of orgs) {
    const channelIds = platform ? (await db.selectFrom('channels').select('id').where('organization_id', '=', org).where('platform', '=', platform).execute()).map((r) => r.id) : undefined;
    for (const q of searches) {
      // the first page, the next one by its cursor, a deep one (a pool bigger than 1,000) and a wide one
      const first = await search(db, org, q, { platform }, tuning);
      const pages = [
        { limit: 20, offset: 0, page: first },
        { limit: 20, offset: 20, page: first.nextCursor ? await search(db, org, q, { platform, cursor: first.nextCursor }, tuning) : null },
        { limit: 20, offset: 300, page: await search(db, org, q, { platform, cursor: cursorAt(300) }, tuning) },
        { limit: 50, offset: 40, page: await search(db, org, q, { platform, limit: 50, cursor: cursorAt(40) }, tuning) },
      ];
      for (const { limit, offset, page } of pages) {
        const expected = await referenceOnce(org, q, channelIds, limit, offset);
        const where = `${q} in org ${org === orgA ? 'A' : 'B'}${platform ? ` on ${platform}` : ''}, offset ${offset}`;
        if (!page) {
          expect(expected.slice(limit), where).toEqual([]);
          continue;
        }
        expect(
          page.results.filter((r) => r.type === 'message').map((r) => r.messageId),
          where,
        ).toEqual(expected.slice(0, limit));
        expect(page.nextCursor !== null, where).toBe(expected.length > limit);
      }
    }
  }
}

describe('message search gathers the same pool whichever way it goes', () => {
  for (const [label, tuning] of TUNINGS) {
    it(`pages match the single statement: ${label}`, async () => {
      await expectPagesOfReference(tuning);
    });
  }

  it('takes each path: the walk alone, windows, all history at once', async () => {
    const kinds = async (q: string, tuning: SearchPlanTuning) => {
      statements.length = 0;
      await search(db, orgA, q, {}, tuning);
      const walk = statements.filter((s) => /ts_rank_cd\(w\.search_vector/.test(s.sql)).length;
      const windows = statements.filter((s) => /m\.search_vector @@|snorq_word_pairs\(m\.search_vector\) @@/.test(s.sql));
      const pairs = windows.filter((s) => /snorq_word_pairs/.test(s.sql)).length;
      return {
        walk,
        windows: windows.filter((s) => />= \$\d+::timestamptz/.test(s.sql)).length,
        history: windows.filter((s) => !/>= \$\d+::timestamptz/.test(s.sql)).length,
        ...(pairs > 0 && { pairs }),
      };
    };
    // 'order' is in one message of 6: the first walk (2,000 entries) finds ~330; walking ~4,000
    // more entries is cheaper than every 'order' of the table into a bitmap plus 670 heap pages
    expect(await kinds('order', SEARCH_PLAN)).toEqual({ walk: 2, windows: 0, history: 0 });
    expect(await kinds('order', { ...GIN, probe: 500, windows: 3 })).toMatchObject({ walk: 1, history: 0 });
    expect((await kinds('order', { ...GIN, probe: 500, windows: 3 })).windows).toBeGreaterThan(0);
    // a second walk that falls short hands over to windows
    expect(await kinds('order', { ...WALK, probe: 500, walkReach: 0.05, windows: 3 })).toMatchObject({ walk: 2, history: 0 });
    expect((await kinds('order', { ...WALK, probe: 500, walkReach: 0.05, windows: 3 })).windows).toBeGreaterThan(0);
    // nothing found walking: straight to all history
    expect(await kinds('nomatchatall', SEARCH_PLAN)).toEqual({ walk: 1, windows: 0, history: 1 });
    // a phrase goes through its word pairs (migration 0048's index), all history at once: a
    // window would read every message holding the pairs again to check its time
    expect(await kinds('"damaged package"', { ...GIN, probe: 200, windows: 1 })).toEqual({ walk: 1, windows: 0, history: 1, pairs: 1 });
    expect(await kinds('"damaged pack', { ...GIN, probe: 200, windows: 3 })).toEqual({ walk: 1, windows: 0, history: 1, pairs: 1 });
    expect(await kinds('refund "damaged package"', SEARCH_PLAN)).toEqual({ walk: 1, windows: 0, history: 1, pairs: 1 });
    // words two apart (a stop word between) make no pair: the words' GIN windows, as before
    expect((await kinds('"package was damaged"', { ...GIN, probe: 200, windows: 1 })).pairs).toBeUndefined();
    // two words are not a phrase: the windows of the words' GIN index
    expect((await kinds('damaged package', { ...GIN, probe: 200, windows: 1 })).pairs).toBeUndefined();
  });

  it('a phrase only older messages hold, its words together in the newest, gives the pages of the single statement', async () => {
    // 3,000 messages every 3 h over A's history (at :40, an instant nothing else has): the older
    // two thirds say "quartz harbour", the newest third "harbour quartz" — the words, not the phrase.
    const conv = await db.selectFrom('conversations').select(['id', 'channel_id']).where('organization_id', '=', orgA).orderBy('id').limit(1).executeTakeFirstOrThrow();
    const ids = (
      await sql<{ id: number }>`
        insert into messages (organization_id, conversation_id, channel_id, direction, content, content_type, status, platform_timestamp)
        select ${orgA}, ${conv.id}, ${conv.channel_id}, 'inbound', case when k < 2000 then 'quartz harbour' else 'harbour quartz' end, 'text', 'delivered',
               '2024-01-01T00:40:00Z'::timestamptz + k * interval '3 hours'
          from generate_series(0, 2999) k
        returning id`.execute(db)
    ).rows.map((r) => r.id);
    messagesChanged();
    try {
      for (const [, tuning] of TUNINGS) {
        for (const [limit, offset] of [
          [20, 0],
          [20, 300],
          [50, 950],
        ] as const) {
          const page = await search(db, orgA, '"quartz harbour"', { limit, cursor: offset ? cursorAt(offset) : undefined }, tuning);
          const expected = await reference(orgA, '"quartz harbour"', undefined, limit, offset);
          expect(
            page.results.map((r) => r.messageId),
            `offset ${offset}`,
          ).toEqual(expected.slice(0, limit));
          expect(page.nextCursor !== null).toBe(expected.length > limit);
        }
      }
    } finally {
      // removed as snorq removes a message (deleting 3,000 rows checks each one's replies by a
      // scan of messages: 26 s at load 17)
      await db.updateTable('messages').set({ deleted_at: new Date() }).where('id', 'in', ids).execute();
      messagesChanged();
    }
  });

  it('orders messages at the same instant by id, newest id first, on every path', async () => {
    const conv = await db.selectFrom('conversations').select(['id', 'channel_id']).where('organization_id', '=', orgB).orderBy('id').limit(1).executeTakeFirstOrThrow();
    const at = '2020-06-01T00:00:00Z'; // older than every other message: the walk never reaches it
    const ids = (
      await sql<{ id: number }>`
        insert into messages (organization_id, conversation_id, channel_id, direction, content, content_type, status, platform_timestamp)
        select ${orgB}, ${conv.id}, ${conv.channel_id}, 'inbound', 'zeppelin', 'text', 'delivered', ${at}::timestamptz from generate_series(1, 5)
        returning id`.execute(db)
    ).rows.map((r) => r.id);
    messagesChanged();
    const newestIdFirst = [...ids].sort((a, b) => b - a);
    for (const [, tuning] of TUNINGS) {
      const page = await search(db, orgB, 'zeppelin', {}, tuning);
      expect(page.results.map((r) => r.messageId)).toEqual(newestIdFirst);
    }
    await db.deleteFrom('messages').where('id', 'in', ids).execute();
    messagesChanged();
  });
});

describe("a phrase's word pairs (migration 0048's index)", () => {
  it('are read from the query PostgreSQL compiled', () => {
    expect(phrasePairsOf("'damag' <-> 'packag'")).toBe("'damag packag'");
    expect(phrasePairsOf("'damag' <-> 'pack':*")).toBe("'damag pack':*");
    expect(phrasePairsOf("'late' & 'damag' <-> 'packag' <-> 'box':*")).toBe("'damag packag' & 'packag box':*");
    // across a stop word the words are two apart: no pair, and the other pair still counts
    expect(phrasePairsOf("'packag' <2> 'damag'")).toBeNull();
    expect(phrasePairsOf("'late' <-> 'packag' <2> 'damag'")).toBe("'late packag'");
    // a prefix pairs only as the second word; a quote in a lexeme stays one
    expect(phrasePairsOf("'pack':* <-> 'box'")).toBeNull();
    expect(phrasePairsOf("'o''clock' <-> 'box'")).toBe("'o''clock box'");
    // words only, or anything search does not build: nothing
    expect(phrasePairsOf("'damag' & 'packag':*")).toBeNull();
    expect(phrasePairsOf("( 'a' | 'b' ) <-> 'c'")).toBeNull();
    expect(phrasePairsOf("!'a' <-> 'b'")).toBeNull();
  });

  it('are held by every text the phrase matches, and not by its words in another order', async () => {
    const TEXTS = [
      'a damaged package',
      'the package was damaged',
      'damaged, package!',
      'Damaged packages arrived late',
      'damaged the package',
      'package damaged',
      'late damaged package box',
      'e-mail package',
      'mail-package damaged',
      "it's five o'clock, damaged package",
      'damaged damaged package package',
    ];
    const QUERIES = [
      '"damaged package"',
      '"damaged pack',
      '"package was damaged"',
      '"the package"',
      'late "damaged package" bo',
      '"e mail package"',
      '"mail package"',
      '"damaged packages arrived"',
      '"damaged damaged"',
    ];
    let held = 0;
    for (const q of QUERIES) {
      const tsquery = toPrefixTsQuery(q)!;
      const compiled = (await sql<{ text: string }>`select to_tsquery('english', ${tsquery})::text as text`.execute(db)).rows[0]!.text;
      const pairs = phrasePairsOf(compiled);
      for (const text of TEXTS) {
        const row = (
          await sql<{ matches: boolean; held: boolean | null }>`
            select to_tsvector('english', ${text}) @@ to_tsquery('english', ${tsquery}) as matches,
                   snorq_word_pairs(to_tsvector('english', ${text})) @@ ${pairs}::tsquery as held`.execute(db)
        ).rows[0]!;
        if (row.matches && pairs) held++;
        if (row.matches) expect(row.held ?? true, `${q} in "${text}" (pairs ${pairs})`).toBe(true);
      }
    }
    expect(held).toBeGreaterThan(10); // the pairs were checked, not skipped
    const pairsOf = async (vector: string) => (await sql<{ pairs: string }>`select snorq_word_pairs(${vector}::tsvector)::text as pairs`.execute(db)).rows[0]!.pairs;
    // the words in another order hold other pairs
    expect(await pairsOf("'packag':2 'damag':4")).toBe('');
    expect(await pairsOf("'damag':1 'packag':2 'box':3")).toBe("'damag packag' 'packag box'");
    // past 16,383 words positions repeat: each lexeme at one pairs with each at the next
    expect(await pairsOf("'c':16382 'a':16383 'b':16383")).toBe("'c a' 'c b'");
  });
});

describe("with search's index of recent messages (recent-search-index.ts), the same pools", () => {
  let index: string;
  let cutoff: string;
  beforeAll(async () => {
    // about 4,000 messages back of the newest (A's and B's end on 2025-01-10): a cutoff in August 2024
    const pass = await maintainRecentSearchIndex(db, { messages: 4000, growth: 1.2 }, new Date('2025-01-12T00:00:00Z'));
    if (pass.outcome !== 'built' || !pass.index) throw new Error(`the index was not built: ${JSON.stringify(pass)}`);
    index = pass.index;
    cutoff = cutoffOfIndexName(index)!;
  });
  afterAll(async () => {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  });

  for (const [label, tuning] of TUNINGS) {
    it(`pages match the single statement: ${label}`, async () => {
      await expectPagesOfReference(tuning);
    });
  }

  it("reads a first window from the cutoff, through that index (its predicate implied by the window's bound)", async () => {
    statements.length = 0;
    await search(db, orgA, 'damaged package', {}, { ...GIN, probe: 200, windows: 3 });
    const fromCutoff = statements.find((s) => /m\.search_vector @@/.test(s.sql) && s.parameters.includes(cutoff));
    expect(fromCutoff, `a window with the lower bound ${cutoff}`).toBeDefined();
    const plan = await db.transaction().execute(async (trx) => {
      await sql`select set_config('enable_indexscan', 'off', true), set_config('enable_indexonlyscan', 'off', true), set_config('enable_seqscan', 'off', true)`.execute(trx);
      const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>({ ...fromCutoff!, sql: `explain ${fromCutoff!.sql}` });
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain(index);
  });

  it('finds the messages at the cutoff, just before it and older, and orders them as the statement did', async () => {
    // "zeppelin cargo" in B: one each at the cutoff's instant and a microsecond either side, 1,500
    // from the cutoff to B's newest (as dense as B's own messages, so the walk finds half of what
    // it reads and the window from the cutoff holds the rest of the pool), 300 older ones
    const conv = await db.selectFrom('conversations').select(['id', 'channel_id']).where('organization_id', '=', orgB).orderBy('id').limit(1).executeTakeFirstOrThrow();
    const ids = (
      await sql<{ id: number }>`
        insert into messages (organization_id, conversation_id, channel_id, direction, content, content_type, status, platform_timestamp)
        select ${orgB}, ${conv.id}, ${conv.channel_id}, 'inbound', 'zeppelin cargo', 'text', 'delivered', at
          from (select ${cutoff}::timestamptz + d as at from unnest(array[interval '-1 microsecond', interval '0', interval '1 microsecond']) d
                union all select ${cutoff}::timestamptz + interval '1 hour' + k * ('2025-01-10T00:00:00Z'::timestamptz - ${cutoff}::timestamptz) / 1500 from generate_series(0, 1499) k
                union all select ${cutoff}::timestamptz - interval '1 hour' - k * interval '10 hours' from generate_series(0, 299) k) t
        returning id`.execute(db)
    ).rows.map((r) => r.id);
    messagesChanged();
    try {
      const tunings: SearchPlanTuning[] = [SEARCH_PLAN, { ...GIN, probe: 40, windows: 1 }, { ...GIN, probe: 200, windows: 3 }, { ...GIN, probe: 200, windows: 0 }];
      for (const tuning of tunings) {
        statements.length = 0;
        for (const [limit, offset] of [
          [20, 0],
          [50, 1480],
          [50, 1750],
        ] as const) {
          const page = await search(db, orgB, 'zeppelin cargo', { limit, cursor: offset ? cursorAt(offset) : undefined }, tuning);
          const expected = await reference(orgB, 'zeppelin cargo', undefined, limit, offset);
          expect(
            page.results.map((r) => r.messageId),
            `${JSON.stringify(tuning)}, offset ${offset}`,
          ).toEqual(expected.slice(0, limit));
          expect(page.nextCursor !== null).toBe(expected.length > limit);
        }
        // the GIN paths took the window from the cutoff (the default walks: half of B's newest match)
        if (tuning !== SEARCH_PLAN)
          expect(
            statements.some((s) => /m\.search_vector @@/.test(s.sql) && s.parameters.includes(cutoff)),
            JSON.stringify(tuning),
          ).toBe(true);
      }
    } finally {
      await db.updateTable('messages').set({ deleted_at: new Date() }).where('id', 'in', ids).execute();
      messagesChanged();
    }
  });

  it('finds the same pools once the cutoff has moved past messages', async () => {
    // two months on: the next index (a later cutoff) is built and the first one dropped
    await sql`insert into messages (organization_id, conversation_id, channel_id, direction, content, content_type, status, platform_timestamp)
              select organization_id, conversation_id, channel_id, direction, content, content_type, status, platform_timestamp + interval '375 days'
                from messages where organization_id = ${orgB} and deleted_at is null and platform_timestamp >= '2024-12-01T00:00:00Z'`.execute(db);
    messagesChanged();
    await sql`analyze messages`.execute(db);
    const pass = await maintainRecentSearchIndex(db, { messages: 4000, growth: 1.2 }, new Date('2026-01-21T00:00:00Z'));
    expect(pass).toMatchObject({ outcome: 'built', dropped: [index] });
    index = pass.outcome === 'built' ? pass.index! : index;
    expect(cutoffOfIndexName(index)! > cutoff).toBe(true);
    await expectPagesOfReference({ ...GIN, probe: 200, windows: 3 }, ['damaged package', 'order refund', 'package', 'parc']);
    await expectPagesOfReference(SEARCH_PLAN, ['damaged package', 'order refund', 'package', 'parc']);
  });
});
