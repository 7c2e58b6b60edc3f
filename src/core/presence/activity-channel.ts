import { sql } from 'kysely';
import { ConversationActivitySchema, type ConversationActivity } from '../../contract/presence.ts';
import type { Db } from '../../db/database.ts';
import type { EventStream } from '../realtime/event-stream.ts';

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
 * event log (nothing to replay). They arrive on the event stream's LISTEN connection (one per
 * instance for all channels, reconnected by the stream): a connection of its own was one more
 * PostgreSQL backend per instance, idle nearly always.
 */
export function createActivityChannel(db: Db, stream: Pick<EventStream, 'subscribeActivity'>, log: { warn(o: object, m: string): void }): ActivityChannel {
  const listeners = new Set<(activity: ConversationActivity) => void>();
  let unsubscribe: (() => void) | undefined;

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

  return {
    async start() {
      unsubscribe ??= stream.subscribeActivity(deliver);
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = undefined;
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
