import type { NormalizedEvent } from '../../channels/types.ts';
import type { Db } from '../../db/database.ts';
import type { Channel } from '../../db/schema.ts';
import { appendEvents } from '../events/event-log.ts';
import { applyEvent, type Applied } from './apply-event.ts';

/**
 * Apply one normalised event of `channel` and log what it changed, in one transaction of its
 * own: the change and its events commit together or not at all, and one bad item never takes
 * others down with it. Webhooks and the history sync both store messages through here.
 */
export async function applyAndLogEvent(db: Db, channel: Channel, event: NormalizedEvent, receivedAt: Date): Promise<Applied> {
  return db.transaction().execute(async (trx) => {
    const result = await applyEvent(trx, channel, event, receivedAt);
    await appendEvents(trx, channel.organization_id, result.events);
    return result;
  });
}
