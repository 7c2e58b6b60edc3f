import { sql, type Kysely } from 'kysely';

/**
 * Holidays: whole days, in the organisation's time zone, on which it is closed whatever its weekly
 * business hours say (a list of `{ date: "YYYY-MM-DD", name }`), read with the hours by metrics and
 * automation. Kept beside the hours on the organisation: a few dozen a year, always read together.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organizations add column holidays jsonb not null default '[]'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organizations drop column if exists holidays`.execute(db);
}
