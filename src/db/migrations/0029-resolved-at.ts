import { sql, type Kysely } from 'kysely';

/**
 * When a conversation was last resolved, for the dashboard's resolution time. Kept by a trigger,
 * not by the code that resolves: a status changes in many places (the thread, bulk actions, the
 * ingest that reopens a thread when the customer writes again, erasing a contact, automation
 * rules), and a trigger sees every one of them. Reopening clears it; resolving again restamps it.
 * Conversations resolved before this migration take their last update as the best estimate.
 *
 * The index serves the dashboard's date range and the list's created-at filter: both read the
 * conversations an organisation started between two instants.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table conversations add column resolved_at timestamptz`.execute(db);
  await sql`update conversations set resolved_at = updated_at where status = 'resolved'`.execute(db);
  await sql`
    create function snorq_conversation_resolved_at() returns trigger language plpgsql as $fn$
    begin
      if new.status = 'resolved' then
        if tg_op = 'INSERT' or old.status is distinct from 'resolved' then new.resolved_at := now(); end if;
      else
        new.resolved_at := null;
      end if;
      return new;
    end
    $fn$`.execute(db);
  await sql`create trigger conversations_resolved_at before insert or update of status on conversations for each row execute function snorq_conversation_resolved_at()`.execute(db);
  await sql`create index conversations_created_idx on conversations (organization_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists conversations_created_idx`.execute(db);
  await sql`drop trigger if exists conversations_resolved_at on conversations`.execute(db);
  await sql`drop function if exists snorq_conversation_resolved_at()`.execute(db);
  await sql`alter table conversations drop column if exists resolved_at`.execute(db);
}
