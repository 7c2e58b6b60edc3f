import { sql, type Kysely } from 'kysely';

/**
 * When a wait's SLA clock crossed its warning instant (`sla_warn_at`) and that was announced, as
 * `sla_breached_at` records the breach: the routing worker sets its timer for the earlier of the
 * two, and the instance that marks the row announces it (`conversation:updated`), so a row joins
 * the inbox's "at risk" view live instead of at its next change. Not in any index: marking a row is
 * a HOT update.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table conversations add column sla_warned_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table conversations drop column if exists sla_warned_at`.execute(db);
}
