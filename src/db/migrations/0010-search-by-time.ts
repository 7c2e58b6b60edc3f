import { sql, type Kysely } from 'kysely';

/**
 * Full-text search ranks a pool of an organisation's newest matching messages (src/core/search).
 * For a word in more than about one message in a thousand, the cheapest way to that pool is to
 * walk the organisation's messages newest first and test each one's `search_vector`; through
 * `messages_org_time_idx` every step is a heap read (at 1 M messages, "refund" read ~3,000 heap
 * pages for its 1,000 newest matches). This index carries what the walk and the ranking read —
 * the id, the channel (platform filter) and the `search_vector` — so it is an index-only scan,
 * reading index pages in order and no heap at all (a third of the pages). It holds only messages
 * a search can return (not deleted). Rare words still go through `messages_search_idx` (GIN).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index messages_search_time_idx on messages (organization_id, platform_timestamp desc)
      include (id, channel_id, search_vector) where deleted_at is null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists messages_search_time_idx`.execute(db);
}
