import { sql, type Kysely } from 'kysely';

/**
 * Takes back 0046's BRIN index on `messages.platform_timestamp`. It was meant to bound a phrase's
 * time windows at 10 M messages, with the GIN bitmap taken first in each window's BitmapAnd. At
 * 1 M the planner put the BRIN bitmap first instead (it is the cheaper scan), and a lossy bitmap
 * ANDed first makes every candidate page lossy: each window then rechecked every message on those
 * pages ("refund": 88 k rows rechecked, 3,536 → 6,981 buffers, p95 35 → 72 ms in the whole
 * benchmark run of 16:45). Which bitmap comes first is the planner's choice, not snorq's, so the
 * index goes and the windows read time through `messages_org_time_idx` again
 * (bench/FINDINGS.md, "The full run of 3 December, 16:45").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists messages_time_brin`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists messages_time_brin on messages using brin (platform_timestamp) with (pages_per_range = 16, autosummarize = on)`.execute(db);
}
