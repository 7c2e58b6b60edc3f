import { sql, type Kysely } from 'kysely';

/**
 * Automation (src/core/automation):
 * - `automation_settings`: per organisation, the greeting and the away message (on/off, text with
 *   canned variables) and how long a customer must have been quiet to be greeted again.
 * - `automation_rules`: "when <event> and <conditions> then <actions>", ordered by `position`;
 *   conditions and actions are JSON lists checked by the API's schema when saved.
 * - `automation_cursors`: per organisation, the last event of the log (`events`) automation has
 *   handled. It moves in the transaction that performs the greeting, away message and rules of the
 *   events before it, so each event is handled once, whichever instance reads it (as outgoing
 *   webhooks' cursor, ADR 0012). Created when an organisation first saves settings or a rule, at
 *   the organisation's current seq: nothing from before is answered.
 * - `automation_own_events`: the events automation itself appended (a rule's assignment, label,
 *   …), skipped when the cursor reaches them, so no rule ever reacts to automation's own change
 *   (no loop, even between two rules). Removed as the cursor passes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table automation_settings (
      organization_id bigint primary key references organizations(id) on delete cascade,
      greeting_enabled boolean not null default false,
      greeting_text text not null default '',
      greeting_quiet_hours integer not null default 24 check (greeting_quiet_hours between 1 and 720),
      away_enabled boolean not null default false,
      away_text text not null default '',
      updated_at timestamptz not null default now()
    );

    create table automation_rules (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      name text not null,
      event text not null check (event in ('conversation_created', 'message_received', 'conversation_updated')),
      conditions jsonb not null default '[]',
      actions jsonb not null default '[]',
      position integer not null,
      enabled boolean not null default true,
      stop_after boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index automation_rules_org_idx on automation_rules (organization_id, position);

    create table automation_cursors (
      organization_id bigint primary key references organizations(id) on delete cascade,
      seq bigint not null
    );

    create table automation_own_events (
      organization_id bigint not null references organizations(id) on delete cascade,
      seq bigint not null,
      primary key (organization_id, seq)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists automation_own_events;
    drop table if exists automation_cursors;
    drop table if exists automation_rules;
    drop table if exists automation_settings;
  `.execute(db);
}
