import { channelOf } from '../../channels/registry.ts';
import type { MessageEvent, PlatformFailure } from '../../channels/types.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { Channel } from '../../db/schema.ts';
import { tryOpenCredentials } from '../channel-accounts/channel-credentials.ts';
import { platformCallContext } from '../channel-accounts/platform-call.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { applyAndLogEvent } from '../ingest/apply-and-log-event.ts';
import type { ChannelSyncReport } from '../../contract/sync.ts';
import { readSyncState, recordSyncFailure, recordSyncSuccess, type SyncState } from './sync-state.ts';

type SyncText = NonNullable<ChannelSyncReport['noteText']>;

export interface SyncDeps {
  db: Db;
  config: Config;
  secretBox: SecretBox;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
  /** New messages with media to download (the media fetcher), as after a webhook. */
  onMediaToFetch?: (messageIds: number[]) => void;
}

/**
 * A pass reads from the last successful pass's start minus this margin: a message whose webhook
 * was lost may appear in the platform's history a little after its own timestamp.
 */
export const SINCE_OVERLAP_MS = 10 * 60_000;
const HISTORY_CALL_TIMEOUT_MS = 20_000;

/**
 * Pull one channel's history and store what snorq lacks, through the same ingest code webhooks
 * use (unique (channel, external id): a message already stored, by webhook or as snorq's own
 * reply, is never stored twice). A failed pass defers the channel (sync-state.ts).
 */
export async function syncChannel(deps: SyncDeps, channel: Channel): Promise<ChannelSyncReport> {
  const report: ChannelSyncReport = { channelId: channel.id, name: channel.display_name, platform: channel.platform, fetched: 0, added: 0, failed: 0 };
  const definition = channelOf(channel.platform);
  const source = definition.history;
  if ('none' in source) return { ...report, note: source.none, noteText: { code: 'sync.noHistory', params: { platform: definition.ui.name } } };
  if (channel.connection_state === 'needs_reconnect') return { ...report, ...needsReconnectNote(channel.last_error) };
  const now = new Date();
  const state = readSyncState(channel);
  if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > now.getTime()) return { ...report, ...deferredNote(state) };
  const log = { channelId: channel.id, platform: channel.platform };
  const fail = async (failure: PlatformFailure, errorText: SyncText = { code: `platformError.${failure.code}` }): Promise<ChannelSyncReport> => {
    const next = await recordSyncFailure(deps.db, channel, failure, now);
    deps.log.warn({ ...log, code: failure.code, platformCode: failure.platformCode, nextAttemptAt: next.nextAttemptAt }, 'history sync failed');
    return {
      ...report,
      failed: 1,
      error: failure.reason,
      errorText,
      note: `Next attempt after ${next.nextAttemptAt}.`,
      ...(next.nextAttemptAt && { noteText: { code: 'sync.nextAttempt', params: { nextAt: next.nextAttemptAt } } }),
    };
  };

  const { credentials, problem } = tryOpenCredentials(deps.secretBox, channel);
  if (!credentials) {
    return fail({ code: 'TOKEN_EXPIRED', reason: problem ?? 'The channel has no stored credentials; reconnect it.', retryable: false, tokenInvalid: true }, { code: 'sync.noCredentials' });
  }
  const call = platformCallContext(deps.config, channel, credentials, HISTORY_CALL_TIMEOUT_MS);
  const since = state.lastSyncedAt ? new Date(Date.parse(state.lastSyncedAt) - SINCE_OVERLAP_MS) : undefined;
  let result;
  try {
    result = await source.fetch(call, since ? { since } : {});
  } catch (err) {
    // A bug in a history reader, not a platform answer: reported, and retried with backoff.
    deps.log.error({ ...log, err }, 'history reader threw');
    return fail({ code: 'UNKNOWN_PLATFORM_ERROR', reason: 'snorq could not read this channel’s history (an internal error).', retryable: true }, { code: 'sync.readerFailed' });
  }
  if (!result.ok) return fail(result.failure);

  // Only this channel's messages; a history reader never routes elsewhere, but the id is what ingest trusts.
  const events = result.events.filter((e) => e.accountId === channel.external_account_id);
  report.fetched = events.length;
  const missing = await withoutKnown(deps.db, channel.id, events);
  const mediaToFetch: number[] = [];
  for (const event of missing) {
    try {
      const applied = await applyAndLogEvent(deps.db, channel, event, now);
      if (applied.events.some((e) => e.type === 'new:message')) report.added++;
      mediaToFetch.push(...applied.mediaToFetch);
    } catch (err) {
      report.failed++;
      deps.log.error({ ...log, externalId: event.externalId, err }, 'a synced message could not be stored');
    }
  }
  if (mediaToFetch.length > 0) deps.onMediaToFetch?.(mediaToFetch);
  // With a message left unstored, the next pass starts from the same point and tries it again.
  if (report.failed === 0) await recordSyncSuccess(deps.db, channel.id, now);
  if (report.added > 0) deps.log.info({ ...log, fetched: report.fetched, added: report.added }, 'history sync stored missing messages');
  return report;
}

/** Not synced: the channel needs reconnecting (and why, in the platform's words, when it said). */
function needsReconnectNote(lastError: string | null): Pick<ChannelSyncReport, 'note' | 'noteText'> {
  if (!lastError) return { note: 'Not synced: the channel needs reconnecting.', noteText: { code: 'sync.needsReconnect' } };
  return { note: `Not synced: the channel needs reconnecting (${lastError}).`, noteText: { code: 'sync.needsReconnectBecause', params: { reason: lastError } } };
}

/** Not synced yet: an earlier pass failed and the channel waits until `nextAttemptAt`. */
function deferredNote(state: SyncState): Pick<ChannelSyncReport, 'note' | 'noteText'> {
  const untilAt = state.nextAttemptAt!;
  const note = `Deferred until ${untilAt} after: ${state.lastError ?? 'a failed sync'}`;
  if (!state.lastError) return { note, noteText: { code: 'sync.deferred', params: { untilAt } } };
  const params = { untilAt, reason: state.lastError, ...(state.lastErrorCode && { reasonCode: `platformError.${state.lastErrorCode}` }) };
  return { note, noteText: { code: 'sync.deferredBecause', params } };
}

/**
 * Drop messages snorq already has (by their platform id, or as an extra id of one of its own
 * multi-part replies) before opening a transaction per message. The unique key still decides:
 * this only spares work, and an echo racing the sync is still stored once.
 */
async function withoutKnown(db: Db, channelId: number, events: MessageEvent[]): Promise<MessageEvent[]> {
  const ids = [...new Set(events.map((e) => e.externalId))];
  if (ids.length === 0) return [];
  const known = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await db
      .selectFrom('messages')
      .select('external_id')
      .where('channel_id', '=', channelId)
      .where('external_id', 'in', chunk)
      .union(db.selectFrom('message_aliases').select('external_id').where('channel_id', '=', channelId).where('external_id', 'in', chunk))
      .execute();
    for (const r of rows) if (r.external_id) known.add(r.external_id);
  }
  const seen = new Set<string>();
  // Oldest first, as webhooks would have brought them: thread order and summaries follow.
  return events.filter((e) => !known.has(e.externalId) && !seen.has(e.externalId) && seen.add(e.externalId)).sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
}
