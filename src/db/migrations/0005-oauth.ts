import { sql, type Kysely } from 'kysely';

/**
 * Connecting accounts (issue 7): OAuth `state` nonces spent once, connections waiting for the
 * admin to pick pages, and per-channel webhook-subscription health.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- a state's nonce is inserted when its callback arrives: a second insert is a replay. Rows
    -- outlive the state's own expiry only until the next sweep (src/core/oauth/oauth-state.ts).
    create table oauth_nonces (
      nonce text primary key,
      used_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index oauth_nonces_expires_idx on oauth_nonces (expires_at);

    -- tokens the platform gave for several accounts (Facebook pages) while the admin who asked
    -- chooses which to connect: sealed, bound to that admin's session, short-lived, taken once
    create table oauth_pending (
      id text primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      auth_token_id bigint not null references auth_tokens(id) on delete cascade,
      platform text not null,
      payload_enc bytea not null,
      expires_at timestamptz not null,
      created_at timestamptz not null default now()
    );

    -- is the platform still sending this channel's webhooks to us? checked through its API
    -- (FACTS pitfall 8); null until the first check
    alter table channels
      add column subscription_state text check (subscription_state in ('subscribed', 'missing', 'unknown')),
      add column subscription_detail text,
      add column subscription_checked_at timestamptz,
      add column token_refreshed_at timestamptz;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table channels
      drop column if exists subscription_state,
      drop column if exists subscription_detail,
      drop column if exists subscription_checked_at,
      drop column if exists token_refreshed_at;
    drop table if exists oauth_pending;
    drop table if exists oauth_nonces;
  `.execute(db);
}
