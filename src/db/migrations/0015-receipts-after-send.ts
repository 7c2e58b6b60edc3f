import { sql, type Kysely } from 'kysely';

/**
 * Receipts move only what the platform really has (src/core/ingest/receipt-watermarks.ts).
 *
 * `messages.sent_at`: when the send call that the platform accepted began (the platform cannot
 * have stamped the message earlier). A delivery/read watermark ("everything sent before W") is
 * compared with it, not with the time the reply was queued: a reply that waited behind a slow
 * send, a retry or a rate-limit pause was not "sent before W" just because it was typed before.
 *
 * `conversations.delivered_watermark` / `read_watermark`: the latest watermark the customer's
 * platform reported. One can arrive while snorq is still waiting for the answer of a send that
 * the platform already accepted; the reply is not `sent` yet, so the watermark cannot move it
 * then, and it is applied when the send is recorded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table messages add column sent_at timestamptz`.execute(db);
  await sql`
    alter table conversations
      add column delivered_watermark timestamptz,
      add column read_watermark timestamptz
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table messages drop column if exists sent_at`.execute(db);
  await sql`alter table conversations drop column if exists delivered_watermark, drop column if exists read_watermark`.execute(db);
}
