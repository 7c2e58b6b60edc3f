import { sql, type Kysely } from 'kysely';

/**
 * Notifications (src/core/notifications):
 * - `notification_preferences`: what notifies each user (one row per user; no row: the defaults).
 * - `push_subscriptions`: the Web Push subscriptions of a user's devices, each tied to the session
 *   that made it, so that signing out (the token revoked or removed) stops its pushes; one row per
 *   push endpoint (a device subscribing again under another session takes the row over).
 * - `notification_claims`: the events one instance has taken to notify about, so that several
 *   instances reading the same event log send each push once. Rows older than a day are pruned.
 * - `push_vapid_keys`: the VAPID key pair generated once when snorq runs on an external database
 *   and no VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY are given, shared by every instance (the private
 *   key sealed with SNORQ_SECRET_KEY). On the embedded database the pair lives in DATA_DIR.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notification_preferences (
      user_id bigint primary key references users(id) on delete cascade,
      organization_id bigint not null references organizations(id) on delete cascade,
      new_conversation boolean not null,
      new_message boolean not null,
      assigned boolean not null,
      mentioned boolean not null,
      sla_breach boolean not null,
      sound boolean not null,
      updated_at timestamptz not null default now()
    );

    create table push_subscriptions (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      user_id bigint not null references users(id) on delete cascade,
      token_id bigint not null references auth_tokens(id) on delete cascade,
      endpoint text not null unique,
      p256dh text not null,
      auth text not null,
      user_agent text,
      created_at timestamptz not null default now(),
      last_push_at timestamptz
    );
    create index push_subscriptions_user_idx on push_subscriptions (organization_id, user_id);

    create table notification_claims (
      organization_id bigint not null references organizations(id) on delete cascade,
      seq bigint not null,
      claimed_at timestamptz not null default now(),
      primary key (organization_id, seq)
    );
    create index notification_claims_claimed_idx on notification_claims (claimed_at);

    create table push_vapid_keys (
      id smallint primary key check (id = 1),
      public_key text not null,
      private_key_sealed bytea not null,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists push_vapid_keys;
    drop table if exists notification_claims;
    drop table if exists push_subscriptions;
    drop table if exists notification_preferences;
  `.execute(db);
}
