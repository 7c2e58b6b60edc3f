import type { Db } from '../../db/database.ts';
import type { Platform, WebhookState } from '../../db/schema.ts';

/**
 * The raw webhook journal: a verified request is written here (committed) before snorq answers
 * 200, so a crash after the answer loses nothing — unprocessed rows are picked up again.
 */
export async function journalWebhook(db: Db, input: { platform: Platform; contentType: string | undefined; body: Buffer; accountHint?: string | undefined }): Promise<number> {
  const row = await db
    .insertInto('webhook_events')
    .values({ platform: input.platform, content_type: input.contentType ?? null, body: input.body, account_hint: input.accountHint ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordJournalOutcome(db: Db, id: number, outcome: { state: WebhookState; organizationId: number | null; error: string | null }): Promise<void> {
  await db
    .updateTable('webhook_events')
    .set((eb) => ({
      state: outcome.state,
      organization_id: outcome.organizationId,
      error: outcome.error,
      attempts: eb('attempts', '+', 1),
      processed_at: new Date(),
    }))
    .where('id', '=', id)
    .execute();
}

/** Journal rows that need attention: failed, partially applied, unrouted, or never processed. */
export async function listJournal(db: Db, filter: { states?: WebhookState[]; platform?: string | undefined; organizationId?: number | null; limit?: number; beforeId?: number }) {
  let q = db
    .selectFrom('webhook_events')
    .select(['id', 'platform', 'received_at as receivedAt', 'state', 'organization_id as organizationId', 'error', 'attempts', 'processed_at as processedAt', 'content_type as contentType'])
    .orderBy('id', 'desc')
    .limit(Math.min(filter.limit ?? 50, 500));
  if (filter.states?.length) q = q.where('state', 'in', filter.states);
  if (filter.platform) q = q.where('platform', '=', filter.platform);
  // Admins see their organisation's rows and the unrouted ones (which belong to nobody yet).
  if (filter.organizationId !== undefined) {
    const org = filter.organizationId;
    q = q.where((eb) => (org === null ? eb('organization_id', 'is', null) : eb.or([eb('organization_id', '=', org), eb('organization_id', 'is', null)])));
  }
  if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
  return q.execute();
}
