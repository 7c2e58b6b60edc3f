import type { Db } from '../../db/database.ts';
import type { Channel } from '../../db/schema.ts';
import { syncChannel, type SyncDeps } from './sync-channel.ts';
import type { ChannelSyncReport, SyncReport } from '../../contract/sync.ts';

/** Channels synced at once: two keeps a pass short without bursting several platforms' limits. */
const CONCURRENCY = 2;

/**
 * Sync every channel of the organisation that is not disconnected, two at a time, and report
 * each in channel order. One channel's failure never stops the others.
 */
export async function syncOrganization(deps: SyncDeps, organizationId: number): Promise<SyncReport> {
  const channels = await deps.db.selectFrom('channels').selectAll().where('organization_id', '=', organizationId).where('connection_state', '!=', 'disconnected').orderBy('id').execute();
  const reports: ChannelSyncReport[] = new Array(channels.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < channels.length; i = next++) reports[i] = await syncOne(deps, channels[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, channels.length) }, worker));
  return { channels: reports };
}

async function syncOne(deps: SyncDeps, channel: Channel): Promise<ChannelSyncReport> {
  try {
    return await syncChannel(deps, channel);
  } catch (err) {
    // The database failed under us (the platform's failures are values): report, go on.
    deps.log.error({ err, channelId: channel.id, platform: channel.platform }, 'channel sync crashed');
    return {
      channelId: channel.id,
      name: channel.display_name,
      platform: channel.platform,
      fetched: 0,
      added: 0,
      failed: 1,
      error: 'The sync of this channel failed inside snorq; it will be tried again.',
      errorText: { code: 'sync.crashed' },
    };
  }
}

/** Organisations with at least one channel to sync. */
export async function organizationsToSync(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('channels').select('organization_id').distinct().where('connection_state', '!=', 'disconnected').orderBy('organization_id').execute();
  return rows.map((r) => r.organization_id);
}
