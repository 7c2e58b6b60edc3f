import type { Db } from '../../db/database.ts';
import type { Message } from '../../db/schema.ts';
import { appendEvents } from '../events/event-log.ts';
import { recomputeWaiting } from '../conversations/recompute-waiting.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { currentReplyWindow } from '../reply-window/current-reply-window.ts';
import { optionFor } from '../reply-window/reply-window.ts';
import { readMessageMetadata } from './message-metadata.ts';

/** An agent's Retry on a failed reply: back to pending, if the platform would still take it. */
export async function retryMessage(db: Db, organizationId: number, messageId: number, now = new Date()): Promise<Message> {
  const found = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('channels as ch', 'ch.id', 'm.channel_id')
    .selectAll('m')
    .select(['c.last_inbound_at', 'ch.platform'])
    .where('m.id', '=', messageId)
    .where('m.organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!found) throw notFound('message');
  if (found.direction !== 'outbound' || found.is_private_note || found.status !== 'failed') {
    throw new AppError('CONFLICT', 'only a failed reply can be retried');
  }
  // Parsed, never cast: a retry must go out with the template or tag it was queued with, or not at all.
  const read = readMessageMetadata(found.platform, found.metadata);
  if (!read.ok) {
    throw new AppError('UNPROCESSABLE', 'this reply’s stored details cannot be read, so it cannot be sent again; write it as a new reply', undefined, `message ${messageId} metadata: ${read.problem}`);
  }
  const meta = read.metadata;
  const window = await currentReplyWindow(db, { id: found.conversation_id, platform: found.platform, lastInboundAt: found.last_inbound_at }, now);
  const option = optionFor({ template: meta.template, tag: meta.tag, hasMedia: found.media.length > 0 });
  if (!window.allowed.includes(option)) throw new AppError('WINDOW_CLOSED', window.reason ?? 'the reply window has closed', { window, needed: option });
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('messages')
      .set({ status: 'pending', error_code: null, error_reason: null, error_detail: null, next_attempt_at: now, send_attempts: 0, sending_started_at: null, updated_at: now })
      .where('id', '=', messageId)
      .where('status', '=', 'failed')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('CONFLICT', 'the reply changed meanwhile; reload');
    // Queued again, the reply answers the customer again (as when it was first queued). The
    // conversation's row before the event counter: the order every writer takes them in (ingestion,
    // the outbox, automation); the other way round deadlocked against a webhook batch.
    await recomputeWaiting(trx, row.conversation_id);
    await appendEvents(trx, organizationId, [{ type: 'message:status', payload: { messageId, conversationId: row.conversation_id, status: 'pending' } }]);
    return row;
  });
}
