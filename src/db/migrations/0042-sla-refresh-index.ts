import { sql, type Kysely } from 'kysely';

/**
 * The SLA clock refresh (src/core/sla/sla-clocks.ts, refreshSlaClocks) runs after every batch of
 * events that may move a clock — every batch of customer messages — and asks for the open or
 * pending conversations of an organisation whose wait has no clock yet
 * (`waiting_since is distinct from sla_started_at`). No index answered that: PostgreSQL read every
 * conversation of the organisation to find the few, on the ingest path, once per batch. With
 * 101 k conversations (31 k open), all clocks current: a sequential scan of 101 k rows, 185 ms on a
 * loaded machine, against 0.15 ms through this index (EXPLAIN ANALYZE, bench/FINDINGS.md).
 *
 * Partial on the condition itself, so it holds only the conversations waiting for a refresh (a
 * handful at any moment) and storing a message adds an entry only while its thread's new wait has
 * no clock yet. Keyed by status too: a thread resolved before its refresh keeps the condition and
 * stays in the index, but the refresh's scan of open and pending ones never reads it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index conversations_sla_refresh_idx on conversations (organization_id, status) where waiting_since is distinct from sla_started_at`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists conversations_sla_refresh_idx`.execute(db);
}
