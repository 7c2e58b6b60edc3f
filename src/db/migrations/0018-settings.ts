import { sql, type Kysely } from 'kysely';

/**
 * What the settings pages keep.
 * - `labels`: the organisation's labels (name, colour). Conversations still carry their labels by
 *   name (`conversations.labels`, text[]), so the inbox filters and lists need no join; every name
 *   a conversation carries has a row here (src/core/labels keeps both in step: a rename or a
 *   deletion rewrites the conversations). Existing names are taken over, grey.
 * - `organizations`: the time zone and the weekly business hours (a list of day/start/end in that
 *   zone), read by automation and by metrics that speak of business time.
 * - `users`: the language a user chose (null: the browser's) and their picture, small enough
 *   (resized in the browser, at most 256 KB) to live in the row, so every instance serves it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table labels (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      name text not null,
      color text not null default '#6b7280',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index labels_org_name_key on labels (organization_id, name);

    insert into labels (organization_id, name)
    select distinct organization_id, unnest(labels) from conversations
    on conflict do nothing;

    alter table organizations
      add column time_zone text not null default 'UTC',
      add column business_hours jsonb not null default '[]';

    alter table users
      add column language text,
      add column avatar bytea,
      add column avatar_type text,
      add column avatar_updated_at timestamptz;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table users drop column if exists language, drop column if exists avatar, drop column if exists avatar_type, drop column if exists avatar_updated_at;
    alter table organizations drop column if exists time_zone, drop column if exists business_hours;
    drop table if exists labels;
  `.execute(db);
}
