import { sql, type Kysely } from 'kysely';

/**
 * One customer across platforms, and what a team keeps about them:
 * - `contacts` gain labels, typed custom attributes (a JSON object keyed by the organisation's
 *   attribute definitions, validated by type in src/core/contacts/contact-attributes.ts) and
 *   `erased_at` (a contact erased for a privacy request stays as an empty tombstone so the
 *   conversations it had can stay closed in the inbox).
 * - `contact_attribute_definitions`: the attributes an organisation keeps (text, number, date, list).
 * - `contact_notes`: private notes on the contact (never sent to anyone).
 * - `contact_suggestion_dismissals`: pairs an agent said are not the same person; never suggested
 *   again (kept as the smaller id first, so one row per pair).
 * Indexes serve the duplicate suggestions (same e-mail, same phone digits, similar names by
 * pg_trgm, created in 0003) and the contacts list (newest first).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contacts
      add column labels text[] not null default '{}',
      add column attributes jsonb not null default '{}',
      add column erased_at timestamptz;
    create index contacts_list_idx on contacts (organization_id, id desc) where erased_at is null;
    create index contacts_email_idx on contacts (organization_id, lower(email)) where email is not null;
    create index contacts_labels_idx on contacts using gin (labels);
    create index contacts_display_name_trgm_idx on contacts using gin (lower(display_name) gin_trgm_ops) where erased_at is null;
    create index contact_identities_phone_digits_idx on contact_identities (organization_id, regexp_replace(phone, '\\D', '', 'g')) where phone is not null;

    create table contact_attribute_definitions (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      key text not null,
      label text not null,
      type text not null check (type in ('text', 'number', 'date', 'list')),
      options text[] not null default '{}',
      created_at timestamptz not null default now()
    );
    create unique index contact_attribute_definitions_key on contact_attribute_definitions (organization_id, key);

    create table contact_notes (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      contact_id bigint not null references contacts(id) on delete cascade,
      author_user_id bigint references users(id) on delete set null,
      body text not null,
      created_at timestamptz not null default now()
    );
    create index contact_notes_contact_idx on contact_notes (contact_id, id desc);

    create table contact_suggestion_dismissals (
      organization_id bigint not null references organizations(id) on delete cascade,
      contact_a bigint not null references contacts(id) on delete cascade,
      contact_b bigint not null references contacts(id) on delete cascade,
      dismissed_by bigint references users(id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (organization_id, contact_a, contact_b),
      check (contact_a < contact_b)
    );
    create index contact_suggestion_dismissals_b_idx on contact_suggestion_dismissals (contact_b);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists contact_suggestion_dismissals, contact_notes, contact_attribute_definitions;
    drop index if exists contact_identities_phone_digits_idx;
    alter table contacts drop column if exists labels, drop column if exists attributes, drop column if exists erased_at;
  `.execute(db);
}
