import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { webhookText, webhookTextOf } from '../../contract/server-texts.ts';
import type { WebhookBody, WebhookEventType, WebhookSubscription } from '../../contract/webhook-subscriptions.ts';
import type { Db } from '../../db/database.ts';
import type { WebhookSubscriptionsTable } from '../../db/schema.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { checkTargetUrl, type TargetPolicy } from './check-target-url.ts';
import { postDelivery } from './post-delivery.ts';
import { newWebhookSecret } from './sign-delivery.ts';

export interface NewSubscription {
  url: string;
  events: WebhookEventType[];
  description?: string | undefined;
}

export interface TargetCheck {
  policy: TargetPolicy;
  timeoutMs: number;
  /** Resolves a host name (tests name their own; by default the system's resolver). */
  resolve?: (host: string) => Promise<string[]>;
}

/**
 * Subscribe a URL: it must pass the address check (check-target-url.ts) and answer a signed
 * `ping` (any HTTP status: it is there; a connection refused or a timeout is refused with the
 * reason). The secret is made here, sealed like platform tokens, and returned this once.
 * The subscription receives the events logged after it was created: `start_seq` is the
 * organisation's seq now, and the organisation's cursor starts there if it has none yet.
 */
export async function createSubscription(
  db: Db,
  secretBox: SecretBox,
  target: TargetCheck,
  input: NewSubscription & { organizationId: number; createdBy: number },
): Promise<{ subscription: WebhookSubscription; secret: string }> {
  const refused = await checkTargetUrl(input.url, target.policy, target.resolve);
  if (refused) throw new AppError('WEBHOOK_URL_REFUSED', refused, { url: input.url, reason: 'WEBHOOK_URL_REFUSED', problemText: webhookTextOf(refused) ?? null });
  const secret = newWebhookSecret();
  const ping: WebhookBody = { id: randomUUID(), type: 'ping', timestamp: new Date().toISOString(), organizationId: input.organizationId, data: { events: input.events } };
  const answer = await postDelivery({ url: input.url, secret, eventId: ping.id, body: JSON.stringify(ping) }, { policy: target.policy, timeoutMs: target.timeoutMs, now: () => new Date() });
  if (answer.status === null) {
    const message = webhookText('webhook.noAnswer', { error: answer.error ?? 'no response' });
    throw new AppError('WEBHOOK_URL_REFUSED', message, { url: input.url, reason: 'WEBHOOK_URL_REFUSED', problemText: webhookTextOf(message) ?? null });
  }
  const row = await db.transaction().execute(async (trx) => {
    const org = await trx.selectFrom('organizations').select('event_seq').where('id', '=', input.organizationId).executeTakeFirstOrThrow();
    await trx
      .insertInto('webhook_cursors')
      .values({ organization_id: input.organizationId, seq: org.event_seq })
      .onConflict((oc) => oc.column('organization_id').doNothing())
      .execute();
    return trx
      .insertInto('webhook_subscriptions')
      .values({
        organization_id: input.organizationId,
        url: input.url,
        events: input.events,
        description: input.description || null,
        secret_sealed: secretBox.seal(secret),
        start_seq: org.event_seq,
        created_by: input.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return { subscription: subscriptionDto(row), secret };
}

export async function listSubscriptions(db: Db, organizationId: number): Promise<WebhookSubscription[]> {
  const rows = await db.selectFrom('webhook_subscriptions').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
  return rows.map(subscriptionDto);
}

/** Remove a subscription and its delivery log (another organisation's: not found). */
export async function deleteSubscription(db: Db, organizationId: number, id: number): Promise<{ url: string }> {
  const gone = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).where('organization_id', '=', organizationId).returning('url').executeTakeFirst();
  if (!gone) throw notFound('webhook subscription');
  return gone;
}

/**
 * Deliver again to a disabled subscription: its health starts over. Deliveries still pending are
 * sent; events logged while it was disabled were not enqueued for it and are not sent.
 */
export async function enableSubscription(db: Db, organizationId: number, id: number): Promise<WebhookSubscription> {
  const row = await db
    .updateTable('webhook_subscriptions')
    .set({ disabled_at: null, disabled_reason: null, failing_since: null })
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('webhook subscription');
  return subscriptionDto(row);
}

export function subscriptionDto(row: Selectable<WebhookSubscriptionsTable>): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEventType[],
    description: row.description,
    createdAt: row.created_at.toISOString(),
    failingSince: row.failing_since?.toISOString() ?? null,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    disabledReason: row.disabled_reason,
    disabledReasonText: row.disabled_reason ? (webhookTextOf(row.disabled_reason) ?? null) : null,
  };
}
