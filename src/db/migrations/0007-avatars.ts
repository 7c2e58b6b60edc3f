import { sql, type Kysely } from 'kysely';

/** A copy of each customer's picture in snorq's media store: platform CDN links expire. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contact_identities add column avatar_storage_key text;
    alter table contact_identities add column avatar_fetched_at timestamptz;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table contact_identities drop column avatar_storage_key, drop column avatar_fetched_at`.execute(db);
}
