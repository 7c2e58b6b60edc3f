import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The channel every instance LISTENs on; the payload is `<organizationId>:<seq>`. */
export const EVENTS_NOTIFY_CHANNEL = 'snorq_events';

export type EventType = 'new:message' | 'message:sent' | 'message:status' | 'message:updated' | 'conversation:updated';

/**
 * Append events to an organisation's ordered log inside the caller's transaction. The counter
 * row lock makes sequence order equal commit order, so a client resuming after seq N can never
 * miss an event committed later with a smaller number. Call it last in a transaction: the lock
 * is held until commit. NOTIFY is delivered at commit, to every instance.
 */
export async function appendEvents(
  trx: Transaction<Database>,
  organizationId: number,
  events: { type: EventType; payload: Record<string, unknown> }[],
): Promise<number[]> {
  if (events.length === 0) return [];
  const { event_seq: last } = await trx
    .updateTable('organizations')
    .set((eb) => ({ event_seq: eb('event_seq', '+', events.length) }))
    .where('id', '=', organizationId)
    .returning('event_seq')
    .executeTakeFirstOrThrow();
  const first = last - events.length + 1;
  const seqs = events.map((_, i) => first + i);
  await trx
    .insertInto('events')
    .values(events.map((e, i) => ({ organization_id: organizationId, seq: seqs[i]!, type: e.type, payload: JSON.stringify(e.payload) })))
    .execute();
  await sql`select pg_notify(${EVENTS_NOTIFY_CHANNEL}, ${`${organizationId}:${last}`})`.execute(trx);
  return seqs;
}
