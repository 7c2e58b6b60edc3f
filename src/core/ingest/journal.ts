import type { Db } from '../../db/database.ts';
import type { Platform, WebhookState } from '../../db/schema.ts';
import { sqlLiteral } from '../../db/sql-literal.ts';

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

/** A webhook journaled with its outcome already known (a batch's: journal-then-apply is the one-by-one path). */
export interface ProcessedWebhook {
  platform: Platform;
  contentType: string | null;
  body: Buffer;
  accountHint: string | null;
  receivedAt: Date;
  state: WebhookState;
  organizationId: number | null;
  error: string | null;
  processedAt: Date;
}

/**
 * The insert of a batch's journal rows as the text of one statement, values written in as one
 * JSON literal (bodies in base64): ingestion's batches send it with their event append and COMMIT
 * in one round trip (batch-transaction.ts). Returns the rows' ids, in the order given.
 */
export function journalProcessedStatement(rows: readonly ProcessedWebhook[]): string {
  const json = JSON.stringify(
    rows.map((r) => ({
      platform: r.platform,
      content_type: r.contentType,
      body: r.body.toString('base64'),
      account_hint: r.accountHint,
      received_at: r.receivedAt.toISOString(),
      state: r.state,
      organization_id: r.organizationId,
      error: r.error,
      processed_at: r.processedAt.toISOString(),
    })),
  );
  return `insert into webhook_events (platform, content_type, body, account_hint, received_at, state, organization_id, error, attempts, processed_at)
    select j.r->>'platform', j.r->>'content_type', decode(j.r->>'body', 'base64'), j.r->>'account_hint', (j.r->>'received_at')::timestamptz,
           j.r->>'state', (j.r->>'organization_id')::bigint, j.r->>'error', 1, (j.r->>'processed_at')::timestamptz
      from jsonb_array_elements(${sqlLiteral(json)}::jsonb) with ordinality as j(r, ord)
     order by j.ord
    returning id`;
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
