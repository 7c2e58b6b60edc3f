import { sql, type Kysely } from 'kysely';

/**
 * A receipt can overtake the answer of the send call it is about (Twilio's status callback, a
 * WhatsApp `sent` status): snorq does not know the platform id yet. Such statuses wait here and
 * are applied the moment the send is recorded, instead of being lost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table early_statuses (
      channel_id bigint not null references channels(id) on delete cascade,
      external_id text not null,
      status text not null check (status in ('sent', 'delivered', 'read', 'failed')),
      error_code text,
      error_reason text,
      received_at timestamptz not null default now(),
      primary key (channel_id, external_id, status)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists early_statuses`.execute(db);
}
