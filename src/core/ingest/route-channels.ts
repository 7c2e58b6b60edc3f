import type { NormalizedEvent } from '../../channels/types.ts';
import type { Db } from '../../db/database.ts';
import type { Channel, Platform } from '../../db/schema.ts';

/** How routed channels are looked up: an account id is only unique within its platform. */
export const channelKey = (platform: Platform, accountId: string) => `${platform}|${accountId}`;

/**
 * The connected channels that webhooks' events belong to, by the account id the platform put in
 * the verified body (never by anything the sender chose freely), in one query for all of them.
 * Keyed by `channelKey`; an account no channel claims is simply absent (the journal keeps it).
 */
export async function routeToChannels(db: Db, webhooks: { platform: Platform; events: NormalizedEvent[] }[]): Promise<Map<string, Channel>> {
  const wanted = new Map<string, { platform: Platform; accountId: string }>();
  for (const { platform, events } of webhooks) {
    for (const e of events) if (e.kind !== 'unknown') wanted.set(channelKey(platform, e.accountId), { platform, accountId: e.accountId });
  }
  if (wanted.size === 0) return new Map();
  const rows = await db
    .selectFrom('channels')
    .selectAll()
    .where('connection_state', '!=', 'disconnected')
    .where((eb) => eb.or([...wanted.values()].map((k) => eb.and([eb('platform', '=', k.platform), eb('external_account_id', '=', k.accountId)]))))
    .execute();
  return new Map(rows.map((c) => [channelKey(c.platform, c.external_account_id), c]));
}
