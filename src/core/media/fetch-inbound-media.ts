import type { ChannelCredentials } from '../../channels/types.ts';
import { platformAppSecrets, platformUrls } from '../../channels/registry-config.ts';
import { channelOf } from '../../channels/registry.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { MediaItem } from '../../db/schema.ts';
import { openCredentials } from '../channel-accounts/channel-credentials.ts';
import { messageDto } from '../conversations/dto.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { appendEvents } from '../events/event-log.ts';
import { downloadMediaItem, type DownloadDeps, type ItemOutcome } from './download-media-item.ts';

/** The slice of a logger this module writes to (pino's fits). */
export interface MediaLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface FetchInboundDeps extends DownloadDeps {
  db: Db;
  /** The platforms' base URLs and app secrets (lookups are made against the configured hosts). */
  config: Config;
  secretBox: SecretBox;
  log: MediaLog;
}

/**
 * Download every `pending` media item of one message into the store, then record the outcome:
 * `stored` with its storageKey and size, or `failed` with a reason an agent can read. Only the
 * media array (and updated_at) changes; the text and everything else of the message stay as they
 * were, and a message is never lost because its media could not be fetched.
 *
 * Downloads happen outside any transaction (they may take minutes); the write then re-reads the
 * row under a lock and only settles items that are still the same pending item, so an unsend or
 * a second fetcher that got there first is never overwritten.
 */
export async function fetchInboundMedia(deps: FetchInboundDeps, messageId: number): Promise<void> {
  const row = await deps.db
    .selectFrom('messages')
    .innerJoin('channels', 'channels.id', 'messages.channel_id')
    .select(['messages.media', 'messages.metadata', 'messages.external_id', 'messages.channel_id', 'channels.platform', 'channels.external_account_id', 'channels.credentials_enc'])
    .where('messages.id', '=', messageId)
    .executeTakeFirst();
  if (!row) return;
  const pending = row.media.flatMap((item, index) => (item.state === 'pending' ? [{ item, index }] : []));
  if (pending.length === 0) return;

  let credentials: ChannelCredentials | null = null;
  try {
    credentials = openCredentials(deps.secretBox, row);
  } catch (err) {
    deps.log.error({ err, channelId: row.channel_id, platform: row.platform }, 'channel credentials could not be opened for a media download');
  }
  const appSecrets = credentials ? platformAppSecrets(deps.config, credentials) : undefined;
  const source = { accountId: row.external_account_id, credentials, externalId: row.external_id, metadata: row.metadata, urls: platformUrls(deps.config), ...(appSecrets && { appSecrets }) };

  const settled: { index: number; before: MediaItem; after: MediaItem }[] = [];
  for (const { item, index } of pending) {
    const outcome = await downloadMediaItem(item, channelOf(row.platform), source, {
      ...deps,
      onRetry: (attempt, failure) => deps.log.info({ messageId, index, platform: row.platform, channelId: row.channel_id, attempt, reason: failure.reason }, 'media download will be retried'),
    });
    if (!outcome.ok && outcome.aborted) return;
    if (!outcome.ok) deps.log.warn({ messageId, index, platform: row.platform, channelId: row.channel_id, reason: outcome.reason }, 'media download failed');
    settled.push({ index, before: item, after: settle(item, outcome) });
  }
  await record(deps.db, messageId, settled);
}

function settle(item: MediaItem, outcome: ItemOutcome): MediaItem {
  const { error: _previous, ...rest } = item;
  if (outcome.ok) {
    const { storageKey, size, mimeType } = outcome.stored;
    return { ...rest, storageKey, size, mimeType, state: 'stored' };
  }
  return { ...rest, state: 'failed', error: `The ${item.type === 'file' ? 'file' : item.type} could not be downloaded: ${outcome.reason}` };
}

/**
 * What the download settled (where the copy is, or why there is none) laid over the item as it is
 * now, not as it was when the download began: a caption the customer edited meanwhile stays.
 */
function downloadOnto(now: MediaItem, after: MediaItem): MediaItem {
  const { error: _previous, ...rest } = now;
  if (after.state === 'stored') return { ...rest, storageKey: after.storageKey, size: after.size, mimeType: after.mimeType, state: 'stored' };
  return { ...rest, state: after.state, ...(after.error !== undefined && { error: after.error }) };
}

async function record(db: Db, messageId: number, settled: { index: number; before: MediaItem; after: MediaItem }[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('messages').select(['media', 'organization_id']).where('id', '=', messageId).forUpdate().executeTakeFirst();
    if (!current) return;
    const media = [...current.media];
    let changed = false;
    for (const { index, before, after } of settled) {
      const now = media[index];
      if (!now || now.state !== 'pending' || now.url !== before.url || now.platformMediaId !== before.platformMediaId) continue;
      media[index] = downloadOnto(now, after);
      changed = true;
    }
    if (!changed) return;
    const message = await trx
      .updateTable('messages')
      .set({ media: JSON.stringify(media), updated_at: new Date() })
      .where('id', '=', messageId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // The message as the API shows it (the contract's shape), never the row itself.
    await appendEvents(trx, current.organization_id, [{ type: 'message:updated', payload: { message: messageDto(message) } }]);
  });
}
