import { sql, type Kysely } from 'kysely';

/**
 * Outgoing webhooks (src/core/outgoing-webhooks, ADR 0012):
 * - `webhook_subscriptions`: an admin's URL, the events it wants, its secret (sealed with
 *   SNORQ_SECRET_KEY like platform tokens), and its health: `failing_since` (the first failed
 *   attempt since the last success) and `disabled_at` once it has failed for 24 h. `start_seq` is
 *   the organisation's event seq when it was created: it receives the events after it.
 * - `webhook_cursors`: per organisation, the last event of the log (`events`) turned into
 *   deliveries. It moves in the transaction that inserts them, so each event is enqueued once.
 * - `webhook_deliveries`: the delivery queue, claimed with FOR UPDATE SKIP LOCKED by every
 *   instance. `order_key` (a conversation or a contact) orders a subscription's deliveries: one
 *   waits while an older one with the same key is still pending. `body` is the exact JSON sent,
 *   so a retry or "send again" sends the same bytes (and the same `public_id`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhook_subscriptions (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      url text not null,
      events text[] not null,
      description text,
      secret_sealed bytea not null,
      start_seq bigint not null,
      created_by bigint references users(id) on delete set null,
      created_at timestamptz not null default now(),
      failing_since timestamptz,
      disabled_at timestamptz,
      disabled_reason text
    );
    create index webhook_subscriptions_org_idx on webhook_subscriptions (organization_id);

    create table webhook_cursors (
      organization_id bigint primary key references organizations(id) on delete cascade,
      seq bigint not null
    );

    create table webhook_deliveries (
      id bigint generated always as identity primary key,
      public_id uuid not null unique default gen_random_uuid(),
      organization_id bigint not null references organizations(id) on delete cascade,
      subscription_id bigint not null references webhook_subscriptions(id) on delete cascade,
      event_type text not null,
      seq bigint not null,
      order_key text not null,
      conversation_id bigint,
      body text not null,
      state text not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      give_up_at timestamptz not null,
      locked_until timestamptz,
      last_attempt_at timestamptz,
      last_status integer,
      last_error text,
      last_response_ms integer,
      delivered_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at, id) where state = 'pending';
    create index webhook_deliveries_order_idx on webhook_deliveries (subscription_id, order_key, id) where state = 'pending';
    create index webhook_deliveries_list_idx on webhook_deliveries (subscription_id, id desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists webhook_deliveries;
    drop table if exists webhook_cursors;
    drop table if exists webhook_subscriptions;
  `.execute(db);
}
