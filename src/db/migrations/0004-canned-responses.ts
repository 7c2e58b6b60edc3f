import { sql, type Kysely } from 'kysely';

/** Canned responses: team-wide snippets an agent inserts by typing /shortcut in the composer. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table canned_responses (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      shortcut text not null check (shortcut ~ '^[a-z0-9_-]{1,40}$'),
      content text not null,
      created_by bigint references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index canned_responses_shortcut_key on canned_responses (organization_id, shortcut);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists canned_responses`.execute(db);
}
