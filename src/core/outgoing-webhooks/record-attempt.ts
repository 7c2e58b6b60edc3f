import { sql } from 'kysely';
import { webhookText } from '../../contract/server-texts.ts';
import type { Db } from '../../db/database.ts';
import type { ClaimedDelivery } from './claim-deliveries.ts';
import type { AttemptOutcome } from './post-delivery.ts';
import { GIVE_UP_AFTER_MS, nextAttemptAt, type RetryPolicy } from './retry-schedule.ts';

/** A subscription this attempt disabled (it had failed for 24 h): its admins are to be told. */
export interface Disabled {
  organizationId: number;
  subscriptionId: number;
  url: string;
  reason: string;
  /** The last attempt's error (the receiver's status or the network's), the evidence the reason quotes. */
  lastError: string;
}

/**
 * Write down one attempt: delivered, or when to try again, or given up (24 h after the delivery
 * was enqueued). The subscription's health follows: a success clears `failing_since`; a failure
 * sets it if it was clear, and once it is 24 h old the subscription is disabled — by the one
 * instance whose update finds it still enabled, so admins are told once.
 */
export async function recordAttempt(db: Db, delivery: ClaimedDelivery, outcome: AttemptOutcome, clock: { now: Date; policy: RetryPolicy; random?: () => number }): Promise<Disabled | null> {
  const { now } = clock;
  const measured = { last_status: outcome.status, last_error: outcome.error, last_response_ms: outcome.responseMs, locked_until: null };
  if (outcome.ok) {
    await db
      .updateTable('webhook_deliveries')
      .set({ ...measured, state: 'delivered', delivered_at: now })
      .where('id', '=', delivery.id)
      .execute();
    await db.updateTable('webhook_subscriptions').set({ failing_since: null }).where('id', '=', delivery.subscriptionId).where('failing_since', 'is not', null).execute();
    return null;
  }
  const next = nextAttemptAt(delivery.attempts, now, new Date(delivery.giveUpAt), clock.policy, clock.random);
  await db
    .updateTable('webhook_deliveries')
    .set(next ? { ...measured, next_attempt_at: next } : { ...measured, state: 'failed' })
    .where('id', '=', delivery.id)
    .execute();
  return markFailing(db, delivery, now, outcome.error ?? webhookText('webhook.failed'));
}

async function markFailing(db: Db, delivery: ClaimedDelivery, now: Date, lastError: string): Promise<Disabled | null> {
  const failing = await db
    .updateTable('webhook_subscriptions')
    .set({ failing_since: sql<Date>`coalesce(failing_since, ${now})` })
    .where('id', '=', delivery.subscriptionId)
    .returning(['failing_since'])
    .executeTakeFirst();
  if (!failing?.failing_since || now.getTime() - failing.failing_since.getTime() < GIVE_UP_AFTER_MS) return null;
  const reason = webhookText('webhook.disabledAfterDay', { error: lastError });
  const disabled = await db
    .updateTable('webhook_subscriptions')
    .set({ disabled_at: now, disabled_reason: reason })
    .where('id', '=', delivery.subscriptionId)
    .where('disabled_at', 'is', null)
    .returning(['id', 'url'])
    .executeTakeFirst();
  return disabled ? { organizationId: delivery.organizationId, subscriptionId: disabled.id, url: disabled.url, reason, lastError } : null;
}
