import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Platform } from '../../db/schema.ts';
import { countsMessagesPerWindow, replyWindow, type ReplyWindow } from './reply-window.ts';

/**
 * A conversation's reply window now, counting what the business already sent since the
 * customer's last message (for platforms that cap the messages of a window). The one place the API, the send path
 * and Retry ask, so they never disagree.
 */
export async function currentReplyWindow(db: Db, conversation: { id: number; platform: Platform; lastInboundAt: Date | null }, now = new Date()): Promise<ReplyWindow> {
  let sent = 0;
  if (countsMessagesPerWindow(conversation.platform) && conversation.lastInboundAt) {
    const row = await db
      .selectFrom('messages')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('conversation_id', '=', conversation.id)
      .where('direction', '=', 'outbound')
      .where('is_private_note', '=', false)
      .where('status', '!=', 'failed')
      .where('platform_timestamp', '>', conversation.lastInboundAt)
      .executeTakeFirstOrThrow();
    sent = row.n;
  }
  return replyWindow(conversation.platform, conversation.lastInboundAt, now, sent);
}
