import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutoffOfIndexName, maintainRecentSearchIndex } from '../../src/core/search/recent-search-index.ts';
import type { Database } from '../../src/db/schema.ts';
import { createTestDatabase } from '../helpers/test-database.ts';

/**
 * The job that keeps search's partial GIN index of recent messages (src/core/search/
 * recent-search-index.ts): built once the table is large enough, moved forward once it has
 * grown, the next one built before the previous one is dropped, one instance at a time, and
 * what an interrupted build left behind removed. That search finds the same messages whatever
 * the cutoff is search-plans.test.ts's part.
 */

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Kysely<Database>;
const statements: CompiledQuery[] = [];
let conversation: { id: number; channel_id: number; organization_id: number };

/** `count` messages, one an hour from `from` (the hour after the last one by default). */
async function addMessages(count: number, from: string) {
  await sql`
    insert into messages (organization_id, conversation_id, channel_id, direction, content, content_type, status, platform_timestamp)
    select ${conversation.organization_id}, ${conversation.id}, ${conversation.channel_id}, 'inbound', 'a damaged package ' || k, 'text', 'delivered',
           ${from}::timestamptz + k * interval '1 hour'
      from generate_series(0, ${count - 1}) k`.execute(db);
  await sql`analyze messages`.execute(db);
}

/** Our indexes on messages: name, whether valid, and the predicate PostgreSQL stored. */
async function recentIndexes() {
  return (
    await sql<{ name: string; valid: boolean; predicate: string }>`
      select c.relname as name, i.indisvalid as valid, pg_get_expr(i.indpred, i.indrelid) as predicate
        from pg_index i join pg_class c on c.oid = i.indexrelid
       where i.indrelid = 'messages'::regclass and c.relname like 'messages\\_search\\_since\\_%' order by c.relname`.execute(db)
  ).rows;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: database.pool }), log: (e) => void (e.level === 'query' && statements.push(e.query)) });
  const org = (await db.insertInto('organizations').values({ name: 'R' }).returning('id').executeTakeFirstOrThrow()).id;
  const channel = await db.insertInto('channels').values({ organization_id: org, platform: 'whatsapp', external_account_id: 'r-wa', display_name: 'R' }).returning('id').executeTakeFirstOrThrow();
  const contact = await db.insertInto('contacts').values({ organization_id: org, display_name: 'Ana' }).returning('id').executeTakeFirstOrThrow();
  const identity = await db
    .insertInto('contact_identities')
    .values({ organization_id: org, contact_id: contact.id, channel_id: channel.id, platform: 'whatsapp', platform_user_id: 'u-1' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const conv = await db
    .insertInto('conversations')
    .values({ organization_id: org, channel_id: channel.id, contact_identity_id: identity.id, contact_id: contact.id })
    .returning(['id', 'channel_id', 'organization_id'])
    .executeTakeFirstOrThrow();
  conversation = conv;
});
afterAll(async () => {
  await database?.drop();
});

describe("search's index of recent messages", () => {
  const policy = { messages: 200, growth: 1.2 };

  it('reads the cutoff from the name, and nothing else', () => {
    expect(cutoffOfIndexName('messages_search_since_20261105')).toBe('2026-11-05T00:00:00.000Z');
    expect(cutoffOfIndexName('messages_search_since_20260230')).toBeNull(); // no such day
    expect(cutoffOfIndexName('messages_search_since_2026110')).toBeNull();
    expect(cutoffOfIndexName('messages_search_idx')).toBeNull();
  });

  it('refuses a policy that cannot hold anything', async () => {
    await expect(maintainRecentSearchIndex(db, { messages: 0, growth: 1.2 })).rejects.toThrow(/messages ≥ 1 and growth ≥ 1/);
  });

  it('is not built while the table is small: the whole-table index is enough', async () => {
    await addMessages(250, '2025-01-01T00:00:00Z'); // under 1.5 × 200
    expect(await maintainRecentSearchIndex(db, policy, new Date('2025-01-12T00:00:00Z'))).toEqual({ outcome: 'too-small', index: null, dropped: [] });
    expect(await recentIndexes()).toEqual([]);
  });

  it('is built from the day about `messages` back, with that day in its predicate', async () => {
    await addMessages(250, '2025-01-11T10:00:00Z'); // 500 messages, one an hour to 2025-01-21 19:00
    const pass = await maintainRecentSearchIndex(db, policy, new Date('2025-01-22T12:00:00Z'));
    // 200 messages back is 2025-01-13 12:00: from the day it began (212 messages)
    expect(pass).toMatchObject({ outcome: 'built', index: 'messages_search_since_20250113' });
    const [index] = await recentIndexes();
    expect(index).toMatchObject({ name: 'messages_search_since_20250113', valid: true });
    const held = await sql<{ n: number }>`select count(*)::int as n from messages where platform_timestamp >= '2025-01-13T00:00:00Z'`.execute(db);
    expect(held.rows[0]!.n).toBe(212);
    expect(index!.predicate).toMatch(/platform_timestamp >= '2025-01-13 00:00:00\+00'/);
  });

  it('stays until it holds more than `growth` × `messages`, then the next one is built before it is dropped', async () => {
    // 212 ≤ 1.2 × 200
    expect(await maintainRecentSearchIndex(db, policy, new Date('2025-01-22T12:00:00Z'))).toEqual({ outcome: 'kept', index: 'messages_search_since_20250113', dropped: [] });
    await addMessages(100, '2025-01-21T20:00:00Z'); // to 2025-01-25 23:00: 312 past the cutoff
    statements.length = 0;
    const pass = await maintainRecentSearchIndex(db, policy, new Date('2025-01-26T12:00:00Z'));
    expect(pass).toMatchObject({ outcome: 'built', index: 'messages_search_since_20250117', dropped: ['messages_search_since_20250113'] });
    expect((await recentIndexes()).map((r) => [r.name, r.valid])).toEqual([['messages_search_since_20250117', true]]);
    // search always has an index: the build (concurrently: stores go on) comes before the drop
    const ddl = statements.map((s) => s.sql).filter((s) => /create index|drop index/.test(s));
    expect(ddl).toEqual([
      expect.stringMatching(/^create index concurrently if not exists "messages_search_since_20250117"/),
      expect.stringMatching(/^drop index concurrently if exists "messages_search_since_20250113"/),
    ]);
  });

  it('runs on one instance at a time: another holding the lock makes the pass a no-op', async () => {
    await addMessages(200, '2025-01-26T00:00:00Z');
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('select pg_advisory_lock(7365938219)');
      expect(await maintainRecentSearchIndex(db, policy, new Date('2025-02-04T12:00:00Z'))).toEqual({ outcome: 'locked' });
      expect((await recentIndexes()).map((r) => r.name)).toEqual(['messages_search_since_20250117']);
      await other.query('select pg_advisory_unlock(7365938219)');
      expect(await maintainRecentSearchIndex(db, policy, new Date('2025-02-04T12:00:00Z'))).toMatchObject({ outcome: 'built' });
    } finally {
      await other.end();
    }
  });

  it('drops what an interrupted pass left: a half-built (invalid) index, an older one not yet dropped', async () => {
    const current = (await recentIndexes()).map((r) => r.name);
    expect(current).toHaveLength(1);
    // an invalid index, as `create index concurrently` leaves one when it fails
    await expect(sql`create unique index concurrently messages_search_since_20240101 on messages (organization_id) where platform_timestamp >= '2024-01-01T00:00:00Z'`.execute(db)).rejects.toThrow();
    // and a valid older one, as a pass stopped between its build and its drop leaves it
    await sql`create index messages_search_since_20240201 on messages using gin (search_vector) where platform_timestamp >= '2024-02-01T00:00:00Z'`.execute(db);
    expect((await recentIndexes()).map((r) => [r.name, r.valid])).toEqual([
      ['messages_search_since_20240101', false],
      ['messages_search_since_20240201', true],
      [current[0], true],
    ]);
    const pass = await maintainRecentSearchIndex(db, policy, new Date('2025-02-04T12:00:00Z'));
    expect(pass).toEqual({ outcome: 'kept', index: current[0], dropped: ['messages_search_since_20240101', 'messages_search_since_20240201'] });
    expect((await recentIndexes()).map((r) => r.name)).toEqual(current);
  });
});
