import pg from 'pg';
import type { LoggedEvent } from '../../contract/realtime.ts';
import type { Db } from '../../db/database.ts';
import { EVENTS_NOTIFY_CHANNEL } from '../events/event-log.ts';
import { ACTIVITY_NOTIFY_CHANNEL } from '../presence/activity-channel.ts';
import { ACCESS_NOTIFY_CHANNEL, AccessRevokedSchema, type AccessRevoked } from './access-revocations.ts';

/** An event of the log with its seq; the payload has the contract's shape (appendEvents takes nothing else). */
export type StoredEvent = LoggedEvent & { seq: number };
export type EventListener = (organizationId: number, events: StoredEvent[]) => void;
/** A revocation (access-revocations.ts), or `recheck` when notifications may have been missed. */
export type AccessListener = (change: AccessRevoked | 'recheck') => void;

export interface EventStream {
  start(): Promise<void>;
  stop(): Promise<void>;
  subscribe(listener: EventListener): () => void;
  subscribeAccess(listener: AccessListener): () => void;
  /** Raw payloads of the conversation-activity channel (src/core/presence/activity-channel.ts reads them). */
  subscribeActivity(listener: (payload: string | undefined) => void): () => void;
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
  const accessListeners = new Set<AccessListener>();
  const activityListeners = new Set<(payload: string | undefined) => void>();
  const delivery = createDelivery(db, listeners, log);
  let client: pg.Client | undefined;
  let everConnected = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

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
    const c = await openListener(connectionString, {
      onEvents: (organizationId, seq) => void delivery.catchUp(organizationId, seq),
      onAccess: (payload) => {
        const change = accessChangeOf(payload);
        if (!change) return log.warn({ payload }, 'ignored an access notification of an unknown shape');
        for (const l of accessListeners) l(change);
      },
      onActivity: (payload) => {
        for (const l of activityListeners) l(payload);
      },
      onLost: (lostClient) => {
        if (client !== lostClient) return;
        client = undefined;
        lostClient.end().catch(() => undefined);
        scheduleReconnect();
      },
    });
    const reconnected = everConnected;
    everConnected = true;
    client = c;
    // Revocations may have been announced while no connection listened.
    if (reconnected) for (const l of accessListeners) l('recheck');
    // Start from where each organisation is now (first start) or catch up on what happened
    // while the connection was down (reconnect).
    const orgs = await db.selectFrom('organizations').select(['id', 'event_seq']).execute();
    for (const o of orgs) delivery.resume(o.id, o.event_seq);
  };

  return {
    start: connect,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
      await delivery.settled();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeAccess(listener) {
      accessListeners.add(listener);
      return () => accessListeners.delete(listener);
    },
    subscribeActivity(listener) {
      activityListeners.add(listener);
      return () => activityListeners.delete(listener);
    },
    eventsSince: (organizationId, seq, limit) => readEvents(db, organizationId, seq, undefined, limit),
    async currentSeq(organizationId) {
      const row = await db.selectFrom('organizations').select('event_seq').where('id', '=', organizationId).executeTakeFirst();
      return row?.event_seq ?? 0;
    },
  };
}

/** Events of one organisation after `after` (up to `upTo`, if given), in order, at most `limit`. */
function readEvents(db: Db, organizationId: number, after: number, upTo: number | undefined, limit: number): Promise<StoredEvent[]> {
  let q = db.selectFrom('events').select(['seq', 'type', 'payload']).where('organization_id', '=', organizationId).where('seq', '>', after);
  if (upTo !== undefined) q = q.where('seq', '<=', upTo);
  // Rows appendEvents wrote, typed by the contract: read back as what they were written as.
  return q.orderBy('seq').limit(limit).execute() as Promise<StoredEvent[]>;
}

/** Per organisation: what was delivered to the listeners, what was notified, and the delivery in progress. */
function createDelivery(db: Db, listeners: Set<EventListener>, log: { warn(o: object, m: string): void }) {
  const delivered = new Map<number, number>();
  /**
   * The highest seq notified per organisation: delivery reads no further, so an event is handed
   * to sockets only after its own notification arrived, and so after any access revocation
   * committed before it (notifications come in commit order; revocations are acted on at once).
   */
  const notified = new Map<number, number>();
  const chains = new Map<number, Promise<void>>();

  /** Deliver everything of one organisation up to `upTo`; serialised per organisation. */
  const catchUp = (organizationId: number, upTo: number) => {
    notified.set(organizationId, Math.max(notified.get(organizationId) ?? 0, upTo));
    const next = (chains.get(organizationId) ?? Promise.resolve()).then(async () => {
      let from = delivered.get(organizationId) ?? 0;
      // Read to the highest seq notified by now (not only `upTo`): later notifications coalesce.
      while (from < (notified.get(organizationId) ?? 0)) {
        const batch = await readEvents(db, organizationId, from, notified.get(organizationId)!, 500);
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

  return {
    catchUp,
    /** On (re)connecting: an organisation seen for the first time starts at `seq`; a known one catches up to it. */
    resume(organizationId: number, seq: number) {
      if (!delivered.has(organizationId)) delivered.set(organizationId, seq);
      else void catchUp(organizationId, seq);
    },
    settled: () => Promise.all(chains.values()),
  };
}

/**
 * The instance's one LISTEN connection, on the events, access and conversation-activity channels;
 * `onLost` when it errors or ends. One connection for all three: each is a PostgreSQL backend
 * (~3 MB PSS) that would otherwise only wait (bench/memory.ts).
 */
async function openListener(
  connectionString: string,
  on: {
    onEvents(organizationId: number, seq: number): void;
    onAccess(payload: string | undefined): void;
    onActivity(payload: string | undefined): void;
    onLost(client: pg.Client): void;
  },
): Promise<pg.Client> {
  const c = new pg.Client({ connectionString });
  c.on('notification', (n) => {
    if (n.channel === ACCESS_NOTIFY_CHANNEL) return on.onAccess(n.payload);
    if (n.channel === ACTIVITY_NOTIFY_CHANNEL) return on.onActivity(n.payload);
    const [org, seq] = (n.payload ?? '').split(':').map(Number);
    if (org && seq) on.onEvents(org, seq);
  });
  c.on('error', () => on.onLost(c));
  c.on('end', () => on.onLost(c));
  try {
    await c.connect();
    await c.query(`listen ${EVENTS_NOTIFY_CHANNEL}; listen ${ACCESS_NOTIFY_CHANNEL}; listen ${ACTIVITY_NOTIFY_CHANNEL}`);
  } catch (err) {
    c.end().catch(() => undefined);
    throw err;
  }
  return c;
}

/** An access notification's payload as a revocation, or null for one of an unknown shape. */
function accessChangeOf(payload: string | undefined): AccessRevoked | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload ?? '');
  } catch {
    parsed = undefined;
  }
  const change = AccessRevokedSchema.safeParse(parsed);
  return change.success ? change.data : null;
}
