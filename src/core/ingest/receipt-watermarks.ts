import { sql, type Transaction } from 'kysely';
import type { Database, MessageStatus } from '../../db/schema.ts';
import type { LoggedEvent } from '../events/event-log.ts';

type Trx = Transaction<Database>;
export type StatusLogEvent = Extract<LoggedEvent, { type: 'message:status' }>;
interface MovedRow {
  id: number;
  status: MessageStatus;
  conversation_id: number;
  error_code?: string | null;
  error_reason?: string | null;
  error_detail?: string | null;
}

/**
 * Receipts speak of messages the platform has: outbound rows snorq recorded as sent, which carry
 * the platform's id. A reply still pending (queued, in flight, waiting out a rate limit), one that
 * failed, and private notes are never moved by a receipt: the outbox worker claims only pending
 * rows, so a receipt that moved one would make the worker skip a reply that was never sent.
 */
const sentByPlatform = sql<boolean>`direction = 'outbound' and is_private_note = false and external_id is not null`;

/**
 * When a message entered the platform's timeline, on snorq's side: the start of the send call the
 * platform accepted (`sent_at`), or the platform's own timestamp for messages snorq did not send
 * (echoes of replies typed elsewhere, history). Never the time the reply was queued.
 */
const sentTime = sql<Date>`coalesce(sent_at, platform_timestamp)`;

/**
 * "Everything sent to this customer at or before `at` is delivered/read" (Messenger, TikTok, and
 * Instagram's `messaging_seen` read through the message it names). The watermark is remembered on
 * the conversations, so a reply whose send the platform accepted but snorq has not recorded yet is
 * moved when it is (`applyRememberedWatermarks`).
 */
export async function applyWatermark(trx: Trx, conversationIds: number[], status: 'delivered' | 'read', at: Date): Promise<StatusLogEvent[]> {
  if (conversationIds.length === 0) return [];
  const column = status === 'read' ? 'read_watermark' : 'delivered_watermark';
  // Remembered first, holding the conversation rows until commit: see applyRememberedWatermarks.
  await trx
    .updateTable('conversations')
    .set({ [column]: sql<Date>`greatest(${sql.ref(column)}, ${at})` })
    .where('id', 'in', conversationIds)
    .execute();
  const moved = await trx
    .updateTable('messages')
    .set({ status, updated_at: new Date() })
    .where('conversation_id', 'in', conversationIds)
    .where(sentByPlatform)
    .where('status', 'in', status === 'read' ? ['sent', 'delivered'] : ['sent'])
    .where(sentTime, '<=', at)
    .returning(['id', 'status', 'conversation_id'])
    .execute();
  return moved.map(statusEvent);
}

/**
 * A reply was just recorded as sent: a watermark the platform sent while snorq was still waiting
 * for the send's answer covers it if the send call began at or before that watermark.
 */
export async function applyRememberedWatermarks(trx: Trx, messageId: number): Promise<StatusLogEvent[]> {
  // A watermark being applied right now holds its conversation row (applyWatermark updates it
  // first): wait for it to commit and read what it remembered. Had this lock come first, that
  // watermark waits for this send to commit and then finds the message sent. Either way the
  // two never miss each other.
  await sql`select c.id from conversations c join messages m on m.conversation_id = c.id where m.id = ${messageId} for share of c`.execute(trx);
  const { rows } = await sql<MovedRow>`
    update messages m
       set status = case when c.read_watermark >= m.sent_at then 'read' else 'delivered' end,
           updated_at = now()
      from conversations c
     where c.id = m.conversation_id
       and m.id = ${messageId}
       and m.sent_at is not null
       and ((c.read_watermark >= m.sent_at and m.status in ('sent', 'delivered'))
         or (c.delivered_watermark >= m.sent_at and m.status = 'sent'))
    returning m.id, m.status, m.conversation_id
  `.execute(trx);
  return rows.map(statusEvent);
}

/**
 * Which statuses a receipt about one message may replace: statuses only move forward (pending <
 * sent < delivered < read), and never from `pending` (see `sentByPlatform`). `failed` may replace
 * only `sent`; a later delivered/read (the platform's own word about that message) may replace
 * failed.
 */
export function receiptMayMove(next: MessageStatus) {
  const order: MessageStatus[] = ['sent', 'delivered', 'read'];
  const lower = next === 'failed' ? ['sent'] : next === 'sent' ? [] : [...order.slice(0, order.indexOf(next)), 'failed'];
  if (lower.length === 0) return sql<boolean>`false`;
  return sql<boolean>`status in (${sql.join(lower)}) and ${sentByPlatform}`;
}

export function statusEvent(row: MovedRow): StatusLogEvent {
  return {
    type: 'message:status',
    payload: {
      messageId: row.id,
      conversationId: row.conversation_id,
      status: row.status,
      ...(row.error_code && { errorCode: row.error_code, errorReason: row.error_reason, errorDetail: row.error_detail ?? null }),
    },
  };
}
