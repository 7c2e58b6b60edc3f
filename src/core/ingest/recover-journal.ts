import { MalformedWebhookError } from '../../channels/types.ts';
import type { WebhookState } from '../../db/schema.ts';
import { processWebhook, type ProcessDeps, type ProcessOutcome } from './process-webhook.ts';

/**
 * Apply journaled webhooks again. Used at start and periodically for rows still `received` (the
 * process died between the journal write and the apply), and by admins (API, CLI) to re-run
 * failed, partial or unrouted rows once the cause is fixed. Safe to repeat: applying is idempotent.
 */
export async function recoverJournal(deps: ProcessDeps, options: { olderThanMs: number; limit?: number }): Promise<number> {
  const rows = await deps.db
    .selectFrom('webhook_events')
    .select('id')
    .where('state', '=', 'received')
    .where('received_at', '<=', new Date(Date.now() - options.olderThanMs))
    .orderBy('id')
    .limit(options.limit ?? 1000)
    .execute();
  for (const { id } of rows) await replayWebhook(deps, id).catch(() => undefined);
  return rows.length;
}

/** Re-run one journal row; returns its new outcome. */
export async function replayWebhook(deps: ProcessDeps, id: number): Promise<ProcessOutcome | { state: WebhookState; error: string }> {
  const row = await deps.db.selectFrom('webhook_events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return { state: 'failed', error: `no journal entry ${id}` };
  try {
    return await processWebhook(deps, { id: row.id, platform: row.platform as ProcessDeps['adapters'] extends Record<infer P, unknown> ? P : never, contentType: row.content_type, body: row.body, receivedAt: row.received_at });
  } catch (e) {
    if (e instanceof MalformedWebhookError) return { state: 'failed', error: e.message };
    throw e;
  }
}
