import { webhookTextOf } from '../../contract/server-texts.ts';
import type { Selectable } from 'kysely';
import type { WebhookDelivery } from '../../contract/webhook-subscriptions.ts';
import type { Db } from '../../db/database.ts';
import type { WebhookDeliveriesTable } from '../../db/schema.ts';
import { notFound } from '../errors/app-error.ts';
import { GIVE_UP_AFTER_MS } from './retry-schedule.ts';

/** A subscription's deliveries, newest first, `limit` at a time (another organisation's subscription: not found). */
export async function listDeliveries(
  db: Db,
  organizationId: number,
  subscriptionId: number,
  page: { before?: number | undefined; limit: number },
): Promise<{ deliveries: WebhookDelivery[]; nextBefore: number | null }> {
  await ownSubscription(db, organizationId, subscriptionId);
  let query = db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId).where('organization_id', '=', organizationId);
  if (page.before !== undefined) query = query.where('id', '<', page.before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const shown = rows.slice(0, page.limit);
  return { deliveries: shown.map(deliveryDto), nextBefore: rows.length > page.limit ? shown.at(-1)!.id : null };
}

/**
 * "Send again": the delivery goes back in the queue, due now, with the same body and id (the
 * receiver de-duplicates), and a new 24 h of retries. It keeps its place in its conversation's
 * order: newer pending deliveries of that conversation wait for it.
 */
export async function redeliver(db: Db, organizationId: number, subscriptionId: number, deliveryId: number, now: Date): Promise<WebhookDelivery> {
  await ownSubscription(db, organizationId, subscriptionId);
  const row = await db
    .updateTable('webhook_deliveries')
    .set({ state: 'pending', next_attempt_at: now, give_up_at: new Date(now.getTime() + GIVE_UP_AFTER_MS), locked_until: null, delivered_at: null })
    .where('id', '=', deliveryId)
    .where('subscription_id', '=', subscriptionId)
    .where('organization_id', '=', organizationId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('delivery');
  return deliveryDto(row);
}

async function ownSubscription(db: Db, organizationId: number, subscriptionId: number): Promise<void> {
  const found = await db.selectFrom('webhook_subscriptions').select('id').where('id', '=', subscriptionId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!found) throw notFound('webhook subscription');
}

export function deliveryDto(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.public_id,
    eventType: row.event_type as WebhookDelivery['eventType'],
    conversationId: row.conversation_id,
    state: row.state,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastErrorText: row.last_error ? (webhookTextOf(row.last_error) ?? null) : null,
    lastResponseMs: row.last_response_ms,
    createdAt: row.created_at.toISOString(),
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    nextAttemptAt: row.state === 'pending' ? row.next_attempt_at.toISOString() : null,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
  };
}
