import { sql, type Transaction } from 'kysely';
import type { LiveEventType, LoggedEvent } from '../../contract/realtime.ts';
import type { Database } from '../../db/schema.ts';

/** The channel every instance LISTENs on; the payload is `<organizationId>:<seq>`. */
export const EVENTS_NOTIFY_CHANNEL = 'snorq_events';

/** The live events by name; their payloads are the API contract's (src/contract/realtime.ts). */
export type EventType = LiveEventType;
export type { LoggedEvent };

/**
 * Append events to an organisation's ordered log inside the caller's transaction. The counter
 * row lock makes sequence order equal commit order, so a client resuming after seq N can never
 * miss an event committed later with a smaller number. Call it last in a transaction: the lock
 * is held until commit. NOTIFY is delivered at commit, to every instance.
 *
 * One statement (bump the counter, insert the events, notify): every organisation's writes queue
 * on that row lock, so each client round trip made while holding it is paid by all of them.
 */
export async function appendEvents(trx: Transaction<Database>, organizationId: number, events: LoggedEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const n = events.length;
  const { rows } = await sql<{ last: number }>`
    with counter as (
      update organizations set event_seq = event_seq + ${n} where id = ${organizationId} returning event_seq
    ), appended as (
      insert into events (organization_id, seq, type, payload)
      select ${organizationId}, counter.event_seq - ${n} + e.ord, e.type, e.payload
      from counter, unnest(${events.map((e) => e.type)}::text[], ${events.map((e) => JSON.stringify(e.payload))}::jsonb[]) with ordinality as e(type, payload, ord)
    )
    select event_seq as last, pg_notify(${EVENTS_NOTIFY_CHANNEL}, ${organizationId} || ':' || event_seq) from counter
  `.execute(trx);
  const last = rows[0]?.last;
  if (last === undefined) throw new Error(`no organisation ${organizationId}`);
  return events.map((_, i) => last - n + 1 + i);
}
