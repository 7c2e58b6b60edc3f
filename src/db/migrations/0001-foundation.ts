import { sql, type Kysely } from 'kysely';

/**
 * The foundation: organisations, people, channels, contacts, conversations, messages, the raw
 * webhook journal and the per-organisation event log. Indexes are chosen for the inbox's queries
 * at millions of messages (each index says which query it serves).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organizations (
      id bigint generated always as identity primary key,
      name text not null,
      -- the last sequence number handed out in this organisation's event log; bumped in the same
      -- transaction as the change it describes, so sequence order is commit order (no gaps)
      event_seq bigint not null default 0,
      created_at timestamptz not null default now()
    );

    create table users (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      email text not null,
      name text not null,
      role text not null check (role in ('admin', 'agent')),
      password_hash text not null,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );
    create unique index users_email_key on users (lower(email));
    create index users_org_idx on users (organization_id);

    -- login sessions and long-lived API tokens; only a SHA-256 of the token is stored
    create table auth_tokens (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id) on delete cascade,
      organization_id bigint not null references organizations(id) on delete cascade,
      kind text not null check (kind in ('session', 'api')),
      name text,
      token_hash bytea not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index auth_tokens_user_idx on auth_tokens (user_id);

    create table channels (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      platform text not null check (platform in ('messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok')),
      -- the id webhooks are routed by: page id, Instagram account id, WhatsApp phone number id,
      -- Twilio "AccountSid:sender", TikTok business id
      external_account_id text not null,
      display_name text not null,
      -- AES-256-GCM sealed JSON of the platform tokens and secrets (src/core/crypto/secret-box.ts)
      credentials_enc bytea,
      connection_state text not null default 'connected'
        check (connection_state in ('connected', 'needs_reconnect', 'disconnected', 'error')),
      token_expires_at timestamptz,
      last_webhook_at timestamptz,
      last_error text,
      last_error_at timestamptz,
      settings jsonb not null default '{}',
      source text not null default 'api' check (source in ('env', 'api', 'oauth', 'simulator')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- webhooks route by (platform, account id): one account belongs to one channel of one organisation
    create unique index channels_account_key on channels (platform, external_account_id);
    create index channels_org_idx on channels (organization_id);

    -- a person; several platform identities may belong to one contact
    create table contacts (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      display_name text,
      avatar_url text,
      phone text,
      email text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index contacts_org_idx on contacts (organization_id);

    create table contact_identities (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      contact_id bigint not null references contacts(id) on delete cascade,
      channel_id bigint not null references channels(id) on delete cascade,
      platform text not null,
      -- PSID / IGSID / wa_id / whatsapp:+E164 / TikTok user id; page-scoped on Meta, so unique per channel
      platform_user_id text not null,
      username text,
      display_name text,
      avatar_url text,
      phone text,
      profile_fetched_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index contact_identities_user_key on contact_identities (channel_id, platform_user_id);
    create index contact_identities_contact_idx on contact_identities (contact_id);
    -- search by name, username or phone (trigram-free: prefix match on lower())
    create index contact_identities_search_idx on contact_identities (organization_id, lower(coalesce(display_name, '')) text_pattern_ops);

    create table conversations (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      channel_id bigint not null references channels(id) on delete cascade,
      contact_identity_id bigint not null references contact_identities(id) on delete cascade,
      contact_id bigint not null references contacts(id) on delete cascade,
      status text not null default 'open' check (status in ('open', 'pending', 'resolved', 'snoozed')),
      snoozed_until timestamptz,
      priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
      assignee_id bigint references users(id) on delete set null,
      labels text[] not null default '{}',
      unread_count integer not null default 0,
      last_message_id bigint,
      last_message_preview text,
      last_message_at timestamptz,
      -- the reply window's clock: the platform timestamp of the customer's last message
      last_inbound_at timestamptz,
      last_outbound_at timestamptz,
      -- the oldest inbound message not yet answered (null when answered): "waiting" metrics
      waiting_since timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- one thread per (channel, customer): two first messages at once make one conversation
    create unique index conversations_identity_key on conversations (channel_id, contact_identity_id);
    -- the inbox list, newest first, keyset-paginated
    create index conversations_list_idx on conversations (organization_id, last_message_at desc nulls last, id desc);
    create index conversations_assignee_idx on conversations (organization_id, assignee_id, last_message_at desc nulls last, id desc);
    create index conversations_status_idx on conversations (organization_id, status, last_message_at desc nulls last, id desc);
    create index conversations_unread_idx on conversations (organization_id, last_message_at desc nulls last, id desc) where unread_count > 0;
    create index conversations_waiting_idx on conversations (organization_id, waiting_since) where waiting_since is not null;

    create table messages (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      conversation_id bigint not null references conversations(id) on delete cascade,
      channel_id bigint not null references channels(id) on delete cascade,
      direction text not null check (direction in ('inbound', 'outbound')),
      content text,
      content_type text not null check (content_type in
        ('text', 'image', 'video', 'audio', 'file', 'sticker', 'location', 'contacts', 'share', 'template', 'unsupported')),
      -- [{ type, url, storageKey, mimeType, size, filename, caption, platformMediaId, state }]
      media jsonb not null default '[]',
      metadata jsonb not null default '{}',
      status text not null check (status in ('pending', 'sent', 'delivered', 'read', 'failed')),
      error_code text,
      error_reason text,
      -- the platform's message id; unique per channel (the dedupe key for redelivered webhooks)
      external_id text,
      reply_to_external_id text,
      reply_to_message_id bigint references messages(id) on delete set null,
      reactions jsonb not null default '[]',
      referral jsonb,
      raw jsonb,
      platform_timestamp timestamptz not null,
      sender_user_id bigint references users(id) on delete set null,
      is_echo boolean not null default false,
      is_private_note boolean not null default false,
      edited_at timestamptz,
      deleted_at timestamptz,
      idempotency_key text,
      send_attempts integer not null default 0,
      next_attempt_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search_vector tsvector generated always as (to_tsvector('english', coalesce(content, ''))) stored
    );
    create unique index messages_external_key on messages (channel_id, external_id);
    create unique index messages_idempotency_key on messages (sender_user_id, idempotency_key) where idempotency_key is not null;
    -- a thread, in platform order
    create index messages_thread_idx on messages (conversation_id, platform_timestamp, id);
    -- the outbox: pending outbound sends due now
    create index messages_outbox_idx on messages (next_attempt_at) where status = 'pending' and direction = 'outbound' and not is_private_note;
    create index messages_search_idx on messages using gin (search_vector);
    create index messages_org_time_idx on messages (organization_id, platform_timestamp desc);

    -- every webhook request that passed its signature check, stored before the 200
    create table webhook_events (
      id bigint generated always as identity primary key,
      platform text not null,
      received_at timestamptz not null default now(),
      content_type text,
      body bytea not null,
      state text not null default 'received' check (state in ('received', 'processed', 'partial', 'failed', 'unrouted')),
      organization_id bigint references organizations(id) on delete cascade,
      error text,
      attempts integer not null default 0,
      processed_at timestamptz
    );
    create index webhook_events_attention_idx on webhook_events (state, received_at) where state <> 'processed';

    -- the ordered per-organisation event log real-time clients resume from
    create table events (
      organization_id bigint not null references organizations(id) on delete cascade,
      seq bigint not null,
      type text not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      primary key (organization_id, seq)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists events, webhook_events, messages, conversations, contact_identities,
      contacts, channels, auth_tokens, users, organizations cascade;
  `.execute(db);
}
