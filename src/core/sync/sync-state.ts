import { sql } from 'kysely';
import { z } from 'zod';
import { PLATFORM_ERROR_CODES, type PlatformErrorCode, type PlatformFailure } from '../../channels/types.ts';
import type { Db } from '../../db/database.ts';
import { channelLastError } from '../channel-accounts/channel-last-error.ts';
import type { Channel } from '../../db/schema.ts';

/**
 * A channel's sync bookkeeping, kept in `channels.settings.sync` so that every instance (and the
 * on-demand route) sees the same deferral: Meta extends a throttle for callers that keep calling
 * (FACTS 1.4, pitfall 23), so a deferred channel is not called again before `nextAttemptAt`.
 */
export interface SyncState {
  /** When the last successful pass started: the next pass reads from a little before it. */
  lastSyncedAt?: string;
  /** Not before this time (a rate limit's Retry-After, or backoff after repeated failures). */
  nextAttemptAt?: string;
  /** Failed passes in a row. */
  failures?: number;
  lastError?: string;
  /** The last failure's platform code (src/channels/types.ts), for a note in the reader's language. */
  lastErrorCode?: PlatformErrorCode;
}

const SyncStateSchema = z.object({
  lastSyncedAt: z.iso.datetime().optional().catch(undefined),
  nextAttemptAt: z.iso.datetime().optional().catch(undefined),
  failures: z.number().int().nonnegative().optional().catch(undefined),
  lastError: z.string().optional().catch(undefined),
  lastErrorCode: z
    .enum(Object.keys(PLATFORM_ERROR_CODES) as [PlatformErrorCode, ...PlatformErrorCode[]])
    .optional()
    .catch(undefined),
});

/** Backoff after a failed pass: 30 s, doubling, at most 30 min; never sooner than the platform asked. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 30 * 60_000;

export function readSyncState(channel: Pick<Channel, 'settings'>): SyncState {
  const parsed = SyncStateSchema.safeParse(channel.settings?.sync);
  if (!parsed.success) return {};
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
}

export function backoffMs(failures: number, retryAfterMs: number | undefined): number {
  const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(retryAfterMs ?? 0, exponential);
}

async function writeSyncState(db: Db, channelId: number, state: SyncState): Promise<void> {
  // jsonb_set touches only `sync`: other settings of the channel are left as they are.
  await db
    .updateTable('channels')
    .set({ settings: sql<Record<string, unknown>>`jsonb_set(settings, '{sync}', ${JSON.stringify(state)}::jsonb)` })
    .where('id', '=', channelId)
    .execute();
}

export async function recordSyncSuccess(db: Db, channelId: number, startedAt: Date): Promise<void> {
  await writeSyncState(db, channelId, { lastSyncedAt: startedAt.toISOString() });
}

/** Defers the channel; a rejected token also marks it as needing reconnection, as a failed send does. */
export async function recordSyncFailure(db: Db, channel: Pick<Channel, 'id' | 'settings'>, failure: PlatformFailure, now: Date): Promise<SyncState> {
  const previous = readSyncState(channel);
  const failures = (previous.failures ?? 0) + 1;
  const state: SyncState = {
    ...(previous.lastSyncedAt && { lastSyncedAt: previous.lastSyncedAt }),
    failures,
    nextAttemptAt: new Date(now.getTime() + backoffMs(failures, failure.retryAfterMs)).toISOString(),
    lastError: failure.reason,
    lastErrorCode: failure.code,
  };
  await writeSyncState(db, channel.id, state);
  if (failure.tokenInvalid) {
    await db
      .updateTable('channels')
      .set({ connection_state: 'needs_reconnect', ...channelLastError(failure), last_error_at: now, updated_at: now })
      .where('id', '=', channel.id)
      .execute();
  }
  return state;
}
