import { sql, type Kysely } from 'kysely';

/** The outbox's bookkeeping: in-flight sends, per-channel throttling, and extra platform ids. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- set when a worker hands the message to the platform; a value left behind by a crash means
    -- "may or may not have been sent" (never resent blindly)
    alter table messages add column sending_started_at timestamptz;
    create index messages_inflight_idx on messages (sending_started_at) where sending_started_at is not null;

    -- a platform said "slow down" (429 / throttling code): no sends on this channel until then
    alter table channels add column send_paused_until timestamptz;

    -- one reply can become several platform messages (text + attachment): every id maps back to it,
    -- so the platform's echoes and receipts of each part find the one message
    create table message_aliases (
      channel_id bigint not null references channels(id) on delete cascade,
      external_id text not null,
      message_id bigint not null references messages(id) on delete cascade,
      primary key (channel_id, external_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists message_aliases;
    alter table channels drop column if exists send_paused_until;
    alter table messages drop column if exists sending_started_at;
  `.execute(db);
}
