import { sql, type Transaction } from 'kysely';
import type { LiveEventType, LoggedEvent } from '../../contract/realtime.ts';
import type { Database } from '../../db/schema.ts';
import { sqlLiteral } from '../../db/sql-literal.ts';

/** The channel every instance LISTENs on; the payload is `<organizationId>:<seq>` (append-events.sql sends it). */
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
 * One statement (`snorq_append_events`, src/db/definitions/append-events.sql: bump the counter,
 * insert the events, notify): every organisation's writes queue on that row lock, so each client
 * round trip made while holding it is paid by all of them.
 */
export async function appendEvents(trx: Transaction<Database>, organizationId: number, events: LoggedEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const { rows } = await sql<{ last: number | null }>`select snorq_append_events(${organizationId}, ${eventsJson(events)}::jsonb) as last`.execute(trx);
  const last = rows[0]?.last;
  if (last === undefined || last === null) throw new Error(`no organisation ${organizationId}`);
  const n = events.length;
  return events.map((_, i) => last - n + 1 + i);
}

/**
 * The same append as the text of one statement, its values written in as literals: for a round
 * trip of several statements (the simple query protocol takes no parameters), as ingestion's
 * batches send it together with their COMMIT. It fails, and so stops the statements after it,
 * when the organisation does not exist.
 */
export function appendEventsStatement(organizationId: number, events: LoggedEvent[]): string {
  if (!Number.isSafeInteger(organizationId)) throw new Error(`appendEventsStatement: organisation id ${organizationId} is not an integer`);
  return `select snorq_append_events(${organizationId}, ${sqlLiteral(eventsJson(events))}::jsonb)`;
}

const eventsJson = (events: LoggedEvent[]) => JSON.stringify(events.map((e) => ({ type: e.type, payload: e.payload })));
