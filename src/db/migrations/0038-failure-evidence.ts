import { sql, type Kysely } from 'kysely';

/**
 * A failure's evidence beside its class: `error_code` says what kind of failure it was (a
 * PlatformErrorCode, whose text the web app shows in the reader's language), `error_detail` keeps
 * the platform's own code and words ("131047: Re-engagement message"), the evidence an agent or
 * the platform's support reads. The same for a channel's last error (`last_error_code`, whose
 * sentence stays in `last_error`). Rows from before keep what they had: their detail is unknown.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table messages add column error_detail text`.execute(db);
  await sql`alter table early_statuses add column error_detail text`.execute(db);
  await sql`alter table channels add column last_error_code text, add column last_error_detail text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table channels drop column if exists last_error_detail, drop column if exists last_error_code`.execute(db);
  await sql`alter table early_statuses drop column if exists error_detail`.execute(db);
  await sql`alter table messages drop column if exists error_detail`.execute(db);
}
