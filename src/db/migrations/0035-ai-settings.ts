import { sql, type Kysely } from 'kysely';

/**
 * Per organisation, whether the language model (AI_BASE_URL, src/core/ai) is used at all, and
 * whether message text may be sent to it. Both off until an admin turns them on: a model is a
 * third party, and the customers' words go to it only when an admin chose so. No row means both off.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organization_ai_settings (
      organization_id bigint primary key references organizations(id) on delete cascade,
      enabled boolean not null default false,
      share_message_text boolean not null default false,
      updated_at timestamptz not null default now(),
      updated_by bigint references users(id) on delete set null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists organization_ai_settings`.execute(db);
}
