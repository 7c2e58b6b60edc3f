import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { WebhookBody } from '../../contract/webhook-subscriptions.ts';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { StoredEvent } from '../realtime/event-stream.ts';
import { GIVE_UP_AFTER_MS } from './retry-schedule.ts';
import { webhookEventsOf, type WebhookEvent } from './translate-events.ts';

/** Events read per transaction. */
const BATCH = 500;

/**
 * Turn the event log into deliveries (ADR 0012). Each organisation with webhooks has a cursor:
 * the last event already turned into deliveries. In one transaction the cursor row is locked
 * (SKIP LOCKED: another instance already on it is left to it), the events after it are read in
 * order, a delivery is inserted for each event and subscription that wants it, and the cursor
 * moves past them, so an event becomes deliveries exactly once whichever instance reads it and
 * whenever snorq stops. The log is gapless per organisation and a seq is visible only once every
 * smaller one is (event-log.ts), so reading "after the cursor" never skips an event.
 * Returns how many deliveries were enqueued.
 */
export async function enqueueDeliveries(db: Db, now: Date): Promise<number> {
  const cursors = await db.selectFrom('webhook_cursors').select('organization_id').execute();
  let total = 0;
  for (const { organization_id } of cursors) {
    for (;;) {
      const batch = await db.transaction().execute((trx) => enqueueBatch(trx, organization_id, now));
      total += batch.enqueued;
      if (!batch.more) break;
    }
  }
  return total;
}

async function enqueueBatch(trx: Transaction<Database>, organizationId: number, now: Date): Promise<{ enqueued: number; more: boolean }> {
  const cursor = await trx.selectFrom('webhook_cursors').select('seq').where('organization_id', '=', organizationId).forUpdate().skipLocked().executeTakeFirst();
  if (!cursor) return { enqueued: 0, more: false };
  const rows = await trx
    .selectFrom('events')
    .select(['seq', 'type', 'payload', 'created_at'])
    .where('organization_id', '=', organizationId)
    .where('seq', '>', cursor.seq)
    .orderBy('seq')
    .limit(BATCH)
    .execute();
  if (rows.length === 0) return { enqueued: 0, more: false };
  const subscriptions = await trx.selectFrom('webhook_subscriptions').select(['id', 'events', 'start_seq']).where('organization_id', '=', organizationId).where('disabled_at', 'is', null).execute();
  // Rows appendEvents wrote, typed by the contract: read back as what they were written as.
  const events = rows.map((r) => ({ seq: r.seq, type: r.type, payload: r.payload, at: r.created_at }) as StoredEvent & { at: Date });
  const firsts = await firstMessageIds(trx, events);
  const translated = events.flatMap((event) => webhookEventsOf(event, (id) => firsts.has(id)).map((w) => ({ event, w })));
  const contacts = await contactData(
    trx,
    organizationId,
    translated.flatMap(({ w }) => (w.contactId === undefined ? [] : [w.contactId])),
  );
  const giveUpAt = new Date(now.getTime() + GIVE_UP_AFTER_MS);
  const values = translated.flatMap(({ event, w }) => {
    const data = w.contactId === undefined ? w.data : contacts.get(w.contactId);
    if (!data) return [];
    return subscriptions.filter((s) => s.events.includes(w.type) && event.seq > s.start_seq).map((s) => deliveryRow(organizationId, s.id, event.seq, event.at, { ...w, data }, now, giveUpAt));
  });
  for (let i = 0; i < values.length; i += 1000)
    await trx
      .insertInto('webhook_deliveries')
      .values(values.slice(i, i + 1000))
      .execute();
  await trx
    .updateTable('webhook_cursors')
    .set({ seq: rows.at(-1)!.seq })
    .where('organization_id', '=', organizationId)
    .execute();
  return { enqueued: values.length, more: rows.length === BATCH };
}

function deliveryRow(organizationId: number, subscriptionId: number, seq: number, at: Date, w: WebhookEvent, now: Date, giveUpAt: Date) {
  const publicId = randomUUID();
  const body: WebhookBody = { id: publicId, type: w.type, timestamp: at.toISOString(), organizationId, data: w.data };
  return {
    public_id: publicId,
    organization_id: organizationId,
    subscription_id: subscriptionId,
    event_type: w.type,
    seq,
    order_key: w.orderKey,
    conversation_id: w.conversationId,
    body: JSON.stringify(body),
    next_attempt_at: now,
    give_up_at: giveUpAt,
  };
}

/** The new messages that are their conversation's first (a conversation.created each). */
async function firstMessageIds(trx: Transaction<Database>, events: StoredEvent[]): Promise<Set<number>> {
  const conversationIds = [...new Set(events.flatMap((e) => (e.type === 'new:message' && e.payload.conversation ? [e.payload.message.conversationId] : [])))];
  if (conversationIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('messages')
    .select(sql<number>`min(id)`.as('first'))
    .where('conversation_id', '=', sql<number>`any(${conversationIds}::bigint[])`)
    .groupBy('conversation_id')
    .execute();
  return new Set(rows.map((r) => Number(r.first)));
}

/** A contact as `contact.updated` carries it: its current fields when the event is enqueued. */
async function contactData(trx: Transaction<Database>, organizationId: number, ids: number[]): Promise<Map<number, Record<string, unknown>>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('contacts')
    .select(['id', 'display_name', 'email', 'phone', 'labels', 'attributes', 'updated_at'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', sql<number>`any(${[...new Set(ids)]}::bigint[])`)
    .execute();
  return new Map(
    rows.map((r) => [r.id, { contact: { id: r.id, displayName: r.display_name, email: r.email, phone: r.phone, labels: r.labels, attributes: r.attributes, updatedAt: r.updated_at.toISOString() } }]),
  );
}
