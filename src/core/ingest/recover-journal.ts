import { channelOf, isPlatform } from '../../channels/registry.ts';
import { MalformedWebhookError } from '../../channels/types.ts';
import type { Platform, WebhookState } from '../../db/schema.ts';
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
    return await processWebhook(deps, { id: row.id, platform: row.platform as Platform, contentType: row.content_type, body: row.body, accountHint: row.account_hint, receivedAt: row.received_at });
  } catch (e) {
    if (e instanceof MalformedWebhookError) return { state: 'failed', error: e.message };
    throw e;
  }
}

/**
 * The organisations whose channels a journal row's events belong to now, by their account ids.
 * An unrouted row belongs to nobody when it is listed, but once an account is connected its
 * replay writes into that organisation: only that organisation's admins may ask for it.
 */
export async function organizationsNowRouted(deps: ProcessDeps, row: { platform: string; content_type: string | null; body: Buffer; account_hint: string | null }): Promise<number[]> {
  if (!isPlatform(row.platform)) return [];
  const platform = row.platform;
  let accountIds: string[];
  try {
    const events = channelOf(platform).webhook.normalize(row.body, row.content_type ?? undefined, row.account_hint ?? undefined);
    accountIds = [...new Set(events.flatMap((e) => (e.kind === 'unknown' ? [] : [e.accountId])))];
  } catch {
    return [];
  }
  if (accountIds.length === 0) return [];
  const channels = await deps.db
    .selectFrom('channels')
    .select('organization_id')
    .where('platform', '=', platform)
    .where('external_account_id', 'in', accountIds)
    .where('connection_state', '!=', 'disconnected')
    .execute();
  return [...new Set(channels.map((c) => c.organization_id))];
}
