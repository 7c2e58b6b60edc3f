import { sql, type Kysely } from 'kysely';

/**
 * The conversation list's previews of messages without text were words with an emoji in front
 * ("📷 Photo"), an empty box where no emoji font is installed. The labels are plain words now
 * (src/core/conversations/message-preview.ts); the previews stored before are rewritten the same
 * way, so an old conversation does not keep the box until its next message.
 */
const OLD_TO_NEW: Array<[string, string]> = [
  ['📷 Photo', 'Photo'],
  ['🎬 Video', 'Video'],
  ['🎤 Audio', 'Audio'],
  ['📎 File', 'File'],
  ['📍 Location', 'Location'],
  ['👤 Contact card', 'Contact card'],
  ['🔗 Shared post', 'Shared post'],
  ['🛒 Order', 'Order'],
  ['🔗 Opened the chat from a link or ad', 'Opened the chat from a link or ad'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [before, after] of OLD_TO_NEW) {
    await sql`update conversations set last_message_preview = ${after} where last_message_preview = ${before}`.execute(db);
  }
}
