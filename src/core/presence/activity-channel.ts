import { sql } from 'kysely';
import pg from 'pg';
import { ConversationActivitySchema, type ConversationActivity } from '../../contract/presence.ts';
import type { Db } from '../../db/database.ts';

/** Who is viewing or typing where: announced to every instance, never stored. */
export const ACTIVITY_NOTIFY_CHANNEL = 'snorq_activity';

export interface ActivityChannel {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** To every instance (this one too). Lost if no instance listens: it describes a moment. */
  announce(activity: ConversationActivity): Promise<void>;
  subscribe(listener: (activity: ConversationActivity) => void): () => void;
}

/**
 * Conversation activity crosses instances by NOTIFY alone: typing pings come every few seconds
 * per typist and are stale seconds later, so unlike the live events they are not written to the
 * event log (nothing to replay). One LISTEN connection per instance, retried every second.
 */
export function createActivityChannel(db: Db, connectionString: string, log: { warn(o: object, m: string): void }): ActivityChannel {
  const listeners = new Set<(activity: ConversationActivity) => void>();
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const deliver = (payload: string | undefined) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload ?? '');
    } catch {
      parsed = undefined;
    }
    const activity = ConversationActivitySchema.safeParse(parsed);
    if (!activity.success) return log.warn({ payload }, 'ignored an activity notification of an unknown shape');
    for (const l of listeners) l(activity.data);
  };

  const scheduleReconnect = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((err: unknown) => {
        log.warn({ err }, 'activity channel reconnect failed');
        scheduleReconnect();
      });
    }, 1000);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString });
    const lost = () => {
      if (client !== c) return;
      client = undefined;
      c.end().catch(() => undefined);
      scheduleReconnect();
    };
    c.on('notification', (n) => deliver(n.payload));
    c.on('error', lost);
    c.on('end', lost);
    try {
      await c.connect();
      await c.query(`listen ${ACTIVITY_NOTIFY_CHANNEL}`);
    } catch (err) {
      c.end().catch(() => undefined);
      throw err;
    }
    if (stopped) return void c.end().catch(() => undefined);
    client = c;
  };

  return {
    start: connect,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
    async announce(activity) {
      await sql`select pg_notify(${ACTIVITY_NOTIFY_CHANNEL}, ${JSON.stringify(activity)})`.execute(db);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
