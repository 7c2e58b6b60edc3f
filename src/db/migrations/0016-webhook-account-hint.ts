import { sql, type Kysely } from 'kysely';

/**
 * `webhook_events.account_hint`: the account a webhook's URL named, for platforms whose bodies
 * never say which account they are for (a channel definition's `webhook.accountHint`). The
 * normaliser needs it to route the events, and it must be kept with the raw bytes so that a
 * replay of the row routes them the same way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_events add column account_hint text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_events drop column if exists account_hint`.execute(db);
}
