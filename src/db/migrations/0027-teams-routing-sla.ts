import { sql, type Kysely } from 'kysely';

/**
 * Teams, routing and SLAs (src/core/teams, src/core/routing, src/core/sla):
 * - `teams`: a group of agents with how new conversations are assigned among them (`strategy`:
 *   manual, round robin, least busy), a cap of open conversations per agent, whether an agent's
 *   conversations go back to the team when they go offline, and the team's response targets.
 * - `team_members`: who is in a team, with when each was last given a conversation (round robin).
 * - `channels.team_id`: the team a channel's new conversations go to. A trigger copies it onto
 *   each conversation as it is created, whichever path creates it (the store function, a sync), so
 *   only new conversations are routed and a later change of the channel leaves old ones alone.
 * - `sla_priority_targets`: the organisation's response targets per priority.
 * - the conversation's SLA clock: which wait it measures (`sla_started_at` is the `waiting_since`
 *   it was worked out from, so a clock that no longer matches the wait is known stale), when it is
 *   near and past due, and when its breach was announced (once per breach).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table teams (
      id bigserial primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      name text not null,
      strategy text not null default 'round_robin' check (strategy in ('manual', 'round_robin', 'least_busy')),
      max_open_per_agent integer check (max_open_per_agent between 1 and 1000),
      reassign_offline boolean not null default false,
      first_response_minutes integer check (first_response_minutes between 1 and 525600),
      next_response_minutes integer check (next_response_minutes between 1 and 525600),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, name)
    );

    create table team_members (
      team_id bigint not null references teams(id) on delete cascade,
      user_id bigint not null references users(id) on delete cascade,
      organization_id bigint not null references organizations(id) on delete cascade,
      last_assigned_at timestamptz,
      primary key (team_id, user_id)
    );
    create index team_members_user_idx on team_members (user_id);

    create table sla_priority_targets (
      organization_id bigint not null references organizations(id) on delete cascade,
      priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
      first_response_minutes integer check (first_response_minutes between 1 and 525600),
      next_response_minutes integer check (next_response_minutes between 1 and 525600),
      primary key (organization_id, priority)
    );

    alter table channels add column team_id bigint references teams(id) on delete set null;
    alter table conversations
      add column team_id bigint references teams(id) on delete set null,
      add column sla_started_at timestamptz,
      add column sla_kind text check (sla_kind in ('first', 'next')),
      add column sla_warn_at timestamptz,
      add column sla_due_at timestamptz,
      add column sla_breached_at timestamptz;

    -- What routing looks for: a team's open conversations nobody has.
    create index conversations_unrouted_idx on conversations (team_id, created_at) where assignee_id is null and status = 'open' and team_id is not null;
    -- The SLA sort and the clocks to work out again.
    create index conversations_sla_due_idx on conversations (organization_id, sla_due_at) where sla_due_at is not null;

    create function snorq_conversation_team() returns trigger language plpgsql as $$
    begin
      if new.team_id is null then
        select team_id into new.team_id from channels where id = new.channel_id;
      end if;
      return new;
    end $$;
    create trigger conversations_team before insert on conversations for each row execute function snorq_conversation_team();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger if exists conversations_team on conversations;
    drop function if exists snorq_conversation_team();
    drop index if exists conversations_sla_due_idx;
    drop index if exists conversations_unrouted_idx;
    alter table conversations
      drop column if exists team_id,
      drop column if exists sla_started_at,
      drop column if exists sla_kind,
      drop column if exists sla_warn_at,
      drop column if exists sla_due_at,
      drop column if exists sla_breached_at;
    alter table channels drop column if exists team_id;
    drop table if exists sla_priority_targets;
    drop table if exists team_members;
    drop table if exists teams;
  `.execute(db);
}
