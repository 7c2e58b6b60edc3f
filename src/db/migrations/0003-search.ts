import { sql, type Kysely } from 'kysely';

/**
 * Finding people by any part of a name, username or phone number ("ana", "+49 151", "@ana_s")
 * needs substring matching; trigram indexes make that an index scan at 100 k+ contacts.
 * pg_trgm ships with PostgreSQL (and is a trusted extension since 13: the database owner may create it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;
    create index contact_identities_trgm_idx on contact_identities using gin (
      (coalesce(display_name, '') || ' ' || coalesce(username, '') || ' ' || coalesce(phone, '') || ' ' || platform_user_id) gin_trgm_ops
    );
    create index contacts_name_trgm_idx on contacts using gin ((coalesce(display_name, '') || ' ' || coalesce(phone, '')) gin_trgm_ops);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists contact_identities_trgm_idx; drop index if exists contacts_name_trgm_idx;`.execute(db);
}
