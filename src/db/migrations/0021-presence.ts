import { sql, type Kysely } from 'kysely';

/**
 * Agents' presence (src/core/presence):
 * - `user_presence`: each agent's choice (`auto`, `away`, `offline`) and the presence last
 *   announced, so that every instance agrees on what was said and announces a change once.
 * - `presence_connections`: the live sockets of every instance, each with whether its tab is in
 *   use and when its instance last vouched for it. Unlogged: it describes this moment only (a
 *   crash empties it, and the sweep then turns the agents it held offline).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_presence (
      user_id bigint primary key references users(id) on delete cascade,
      organization_id bigint not null references organizations(id) on delete cascade,
      choice text not null default 'auto' check (choice in ('auto', 'away', 'offline')),
      presence text not null default 'offline' check (presence in ('online', 'away', 'offline')),
      changed_at timestamptz not null default now()
    );
    create index user_presence_org_idx on user_presence (organization_id);

    create unlogged table presence_connections (
      instance_id text not null,
      socket_id text not null,
      organization_id bigint not null references organizations(id) on delete cascade,
      user_id bigint not null references users(id) on delete cascade,
      active boolean not null,
      seen_at timestamptz not null default now(),
      primary key (instance_id, socket_id)
    );
    create index presence_connections_user_idx on presence_connections (user_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists presence_connections;
    drop table if exists user_presence;
  `.execute(db);
}
