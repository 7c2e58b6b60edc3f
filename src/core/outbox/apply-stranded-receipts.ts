import type { Db } from '../../db/database.ts';
import { appendEvents } from '../events/event-log.ts';
import { applyEarlyStatuses } from '../ingest/apply-event.ts';

/**
 * Receipts kept in `early_statuses` whose message is now known. A receipt that overtakes the
 * answer of a send is kept there and applied when the send is recorded; but when the receipt's
 * transaction and the send's commit at the same moment, neither sees the other's row (each
 * statement sees only what was committed before it began), and the receipt would wait forever.
 * The outbox worker calls this on every pass, so such a receipt is applied within a poll.
 */
export async function applyStrandedReceipts(db: Db): Promise<number> {
  const found = await db
    .selectFrom('early_statuses as e')
    .innerJoin('messages as m', (j) => j.onRef('m.channel_id', '=', 'e.channel_id').onRef('m.external_id', '=', 'e.external_id'))
    .select(['m.id', 'm.organization_id', 'm.channel_id', 'e.external_id'])
    .where('m.status', '!=', 'pending')
    .union(
      db
        .selectFrom('early_statuses as e')
        .innerJoin('message_aliases as a', (j) => j.onRef('a.channel_id', '=', 'e.channel_id').onRef('a.external_id', '=', 'e.external_id'))
        .innerJoin('messages as m', 'm.id', 'a.message_id')
        .select(['m.id', 'm.organization_id', 'm.channel_id', 'e.external_id'])
        .where('m.status', '!=', 'pending'),
    )
    .execute();
  const byMessage = new Map<number, { organizationId: number; channelId: number; ids: string[] }>();
  for (const f of found) {
    const entry = byMessage.get(f.id) ?? { organizationId: f.organization_id, channelId: f.channel_id, ids: [] };
    entry.ids.push(f.external_id);
    byMessage.set(f.id, entry);
  }
  for (const [messageId, { organizationId, channelId, ids }] of byMessage) {
    await db.transaction().execute(async (trx) => {
      await appendEvents(trx, organizationId, await applyEarlyStatuses(trx, channelId, messageId, ids));
    });
  }
  return byMessage.size;
}
