import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { EventStream, StoredEvent } from '../realtime/event-stream.ts';
import { decideNotifications, mayNotify } from './decide-notifications.ts';
import { anyPushSubscription } from './push-subscriptions.ts';
import { sendPushes, type PushSender } from './send-push.ts';

export interface PushNotifier {
  start(): void;
  stop(): Promise<void>;
  /** The highest seq of an organisation this instance has dealt with (sent, or left to another instance). */
  handledUpTo(organizationId: number): number;
}

/** Claims are kept this long: an instance delivering events later than this would notify twice. */
const CLAIM_KEEP = '1 day';

/**
 * Web Push for the agents who have no tab open. Every instance reads the whole event log
 * (event-stream.ts); of the events that may notify someone, each is taken by one instance only,
 * by inserting its (organisation, seq) into `notification_claims` — the instance whose insert
 * wins sends, the others skip it. Events are dealt with in order per organisation.
 */
export function createPushNotifier(deps: { db: Db; stream: EventStream } & PushSender): PushNotifier {
  const { db, stream, log } = deps;
  const chains = new Map<number, Promise<void>>();
  const handled = new Map<number, number>();
  let unsubscribe: (() => void) | undefined;
  let prune: NodeJS.Timeout | undefined;

  const handle = async (organizationId: number, events: StoredEvent[]) => {
    const candidates = events.filter(mayNotify);
    if (candidates.length === 0) return;
    // Nobody could receive a push: claiming and deciding would cost a committed insert of a row
    // per customer message and four reads for every batch of webhooks (bench/FINDINGS.md).
    if (!(await anyPushSubscription(db, organizationId))) return;
    const claimed = await claim(
      db,
      organizationId,
      candidates.map((e) => e.seq),
    );
    const mine = candidates.filter((e) => claimed.has(e.seq));
    if (mine.length === 0) return;
    const notifications = await decideNotifications(db, organizationId, mine);
    await sendPushes(db, organizationId, notifications, deps);
  };

  const onEvents = (organizationId: number, events: StoredEvent[]) => {
    const next = (chains.get(organizationId) ?? Promise.resolve())
      .then(() => handle(organizationId, events))
      .catch((err: unknown) => log.warn({ err, organizationId }, 'notifying of events failed'))
      .finally(() => handled.set(organizationId, Math.max(handled.get(organizationId) ?? 0, events.at(-1)?.seq ?? 0)));
    chains.set(organizationId, next);
  };

  return {
    start() {
      unsubscribe ??= stream.subscribe(onEvents);
      prune ??= setInterval(() => void pruneClaims(db).catch((err: unknown) => log.warn({ err }, 'pruning notification claims failed')), 3600_000).unref();
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      clearInterval(prune);
      prune = undefined;
      await Promise.all(chains.values());
    },
    handledUpTo: (organizationId) => handled.get(organizationId) ?? 0,
  };
}

/** The seqs this instance won (the others were taken by another instance first). */
async function claim(db: Db, organizationId: number, seqs: number[]): Promise<Set<number>> {
  const { rows } = await sql<{ seq: number }>`
    insert into notification_claims (organization_id, seq)
    select ${organizationId}, s from unnest(${seqs}::bigint[]) as s
    on conflict do nothing
    returning seq
  `.execute(db);
  return new Set(rows.map((r) => Number(r.seq)));
}

async function pruneClaims(db: Db): Promise<void> {
  await sql`delete from notification_claims where claimed_at < now() - ${CLAIM_KEEP}::interval`.execute(db);
}
