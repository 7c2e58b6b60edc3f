import { sql } from 'kysely';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Conversation } from '../../db/schema.ts';
import { appendEvents } from '../events/event-log.ts';
import { conversationFieldsDto } from './dto.ts';

/**
 * Whether the customer still waits for an answer, from the thread itself: a reply counts from the
 * moment it is queued (the agent has answered), but one that finally failed never reached the
 * customer, so the waiting clock runs from their first message after the last reply that did not
 * fail (private notes never count). Called when a send fails for good and when one succeeds (a
 * failed reply retried and sent). Writes, and announces `conversation:updated`, only on a change.
 */
export async function recomputeWaiting(trx: Transaction<Database>, conversationId: number): Promise<void> {
  const { rows } = await sql<Conversation>`
    with answered as (
      select max(platform_timestamp) as at from messages
      where conversation_id = ${conversationId} and direction = 'outbound' and not is_private_note and status <> 'failed'
    ), now_waiting as (
      select a.at as last_outbound_at,
        (select min(i.platform_timestamp) from messages i
         where i.conversation_id = ${conversationId} and i.direction = 'inbound' and i.platform_timestamp > coalesce(a.at, '-infinity')) as waiting_since
      from answered a
    )
    update conversations c set last_outbound_at = w.last_outbound_at, waiting_since = w.waiting_since, updated_at = now()
    from now_waiting w
    where c.id = ${conversationId}
      and (c.waiting_since is distinct from w.waiting_since or c.last_outbound_at is distinct from w.last_outbound_at)
    returning c.*
  `.execute(trx);
  const row = rows[0];
  if (row) await appendEvents(trx, row.organization_id, [{ type: 'conversation:updated', payload: { conversation: conversationFieldsDto(row) } }]);
}
