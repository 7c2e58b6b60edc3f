import { sql, type Kysely } from 'kysely';

/**
 * The inbox filtered by platform or channel reads one channel's threads newest first; without
 * this index it walks the whole organisation's list and skips the other channels' threads.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index conversations_channel_list_idx on conversations (channel_id, last_message_at desc nulls last, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists conversations_channel_list_idx`.execute(db);
}
