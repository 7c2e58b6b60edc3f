import pg from 'pg';
import type { Db } from '../../db/database.ts';
import { EVENTS_NOTIFY_CHANNEL } from '../events/event-log.ts';

export interface StoredEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
}
export type EventListener = (organizationId: number, events: StoredEvent[]) => void;

export interface EventStream {
  start(): Promise<void>;
  stop(): Promise<void>;
  subscribe(listener: EventListener): () => void;
  /** Events after `seq`, in order, at most `limit`. */
  eventsSince(organizationId: number, seq: number, limit: number): Promise<StoredEvent[]>;
  currentSeq(organizationId: number): Promise<number>;
}

/**
 * Every instance LISTENs on the events channel. A notification only says "organisation X has
 * events up to N"; the instance reads what it has not delivered yet from the `events` table, in
 * sequence order, and hands it to its own sockets. So an event committed through any instance
 * reaches agents on every instance, once, in order, and nothing is lost when notifications
 * coalesce or the LISTEN connection drops (on reconnect it catches up from the table).
 */
export function createEventStream(db: Db, connectionString: string, log: { warn(o: object, m: string): void }): EventStream {
  const listeners = new Set<EventListener>();
  const delivered = new Map<number, number>();
  const chains = new Map<number, Promise<void>>();
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const eventsSince = async (organizationId: number, seq: number, limit: number): Promise<StoredEvent[]> =>
    db.selectFrom('events').select(['seq', 'type', 'payload']).where('organization_id', '=', organizationId).where('seq', '>', seq).orderBy('seq').limit(limit).execute();

  /** Deliver everything of one organisation up to `upTo`; serialised per organisation. */
  const catchUp = (organizationId: number, upTo: number) => {
    const next = (chains.get(organizationId) ?? Promise.resolve()).then(async () => {
      let from = delivered.get(organizationId) ?? 0;
      while (from < upTo) {
        const batch = await eventsSince(organizationId, from, 500);
        if (batch.length === 0) break;
        from = batch.at(-1)!.seq;
        delivered.set(organizationId, from);
        for (const l of listeners) l(organizationId, batch);
      }
    });
    chains.set(
      organizationId,
      next.catch((err) => log.warn({ err, organizationId }, 'delivering events failed')),
    );
    return next;
  };

  /**
   * Try again every second until a connection holds. Scheduled by whoever saw the failure: the
   * live client (error/end), or a connect attempt that failed, which is not `client` yet.
   */
  const scheduleReconnect = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((err) => {
        log.warn({ err }, 'event stream reconnect failed');
        scheduleReconnect();
      });
    }, 1000);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString });
    c.on('notification', (n) => {
      const [org, seq] = (n.payload ?? '').split(':').map(Number);
      if (org && seq) void catchUp(org, seq);
    });
    const lost = () => {
      if (client !== c) return;
      client = undefined;
      c.end().catch(() => undefined);
      scheduleReconnect();
    };
    c.on('error', lost);
    c.on('end', lost);
    try {
      await c.connect();
      await c.query(`listen ${EVENTS_NOTIFY_CHANNEL}`);
    } catch (err) {
      c.end().catch(() => undefined);
      throw err;
    }
    client = c;
    // Start from where each organisation is now (first start) or catch up on what happened
    // while the connection was down (reconnect).
    const orgs = await db.selectFrom('organizations').select(['id', 'event_seq']).execute();
    for (const o of orgs) {
      if (!delivered.has(o.id)) delivered.set(o.id, o.event_seq);
      else void catchUp(o.id, o.event_seq);
    }
  };

  return {
    start: connect,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
      await Promise.all(chains.values());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    eventsSince,
    async currentSeq(organizationId) {
      const row = await db.selectFrom('organizations').select('event_seq').where('id', '=', organizationId).executeTakeFirst();
      return row?.event_seq ?? 0;
    },
  };
}
