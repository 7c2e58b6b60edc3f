import { sql, type Kysely } from 'kysely';

/**
 * Message kinds the platforms document that were stored as `unsupported` before:
 * - `order`: a WhatsApp cart sent from the business's catalogue (items, quantities, prices in metadata.order);
 * - `system`: a notice in the thread that is not something the customer wrote (a WhatsApp number change);
 * - `referral`: a customer opened the thread from an m.me / ig.me link or an ad without writing yet.
 */
const KINDS = ['text', 'image', 'video', 'audio', 'file', 'sticker', 'location', 'contacts', 'share', 'template', 'unsupported'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await replaceCheck(db, [...KINDS, 'order', 'system', 'referral']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update messages set content_type = 'unsupported' where content_type in ('order', 'system', 'referral')`.execute(db);
  await replaceCheck(db, KINDS);
}

async function replaceCheck(db: Kysely<unknown>, kinds: string[]): Promise<void> {
  // NOT VALID then VALIDATE: the new check does not hold an exclusive lock while it scans the table.
  await sql`
    alter table messages drop constraint messages_content_type_check;
    alter table messages add constraint messages_content_type_check check (content_type in (${sql.raw(kinds.map((k) => `'${k}'`).join(', '))})) not valid;
    alter table messages validate constraint messages_content_type_check;
  `.execute(db);
}
