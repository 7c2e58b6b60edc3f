import { sql, type Kysely } from 'kysely';

/**
 * Accounts that can be taken away, and a record of who did what.
 * - `audit_log`: security-relevant actions (src/core/audit), kept AUDIT_RETENTION_DAYS. A failed
 *   sign-in for an email no user has belongs to no organisation (`organization_id` null).
 * - `sign_in_failures`: failed sign-ins per email, whatever the address they came from, and the
 *   temporary lock they lead to (src/core/accounts/sign-in-throttle.ts). Keyed by the email as
 *   typed (lower-cased), known or not, so the lock says nothing about which accounts exist.
 * - `auth_tokens` remembers where a session was opened, so a user can recognise their sessions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      organization_id bigint references organizations(id) on delete cascade,
      created_at timestamptz not null default now(),
      action text not null,
      actor_user_id bigint references users(id) on delete set null,
      target_user_id bigint references users(id) on delete set null,
      ip text,
      details jsonb not null default '{}'
    );
    create index audit_log_org_idx on audit_log (organization_id, id desc);
    create index audit_log_created_idx on audit_log (created_at);

    create table sign_in_failures (
      email_key text primary key,
      failures integer not null default 0,
      first_failed_at timestamptz not null default now(),
      locked_until timestamptz
    );

    alter table auth_tokens add column ip text, add column user_agent text;
    create index auth_tokens_org_idx on auth_tokens (organization_id) where revoked_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists auth_tokens_org_idx;
    alter table auth_tokens drop column if exists ip, drop column if exists user_agent;
    drop table if exists sign_in_failures;
    drop table if exists audit_log;
  `.execute(db);
}
