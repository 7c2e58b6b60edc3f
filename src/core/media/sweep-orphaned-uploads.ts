import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { periodicJob, type PeriodicJob } from '../jobs/periodic-job.ts';
import type { LocalMediaCopies } from './local-media-copies.ts';
import type { MediaStore } from './media-store.ts';

/** How long an upload may wait for its reply: an agent who uploads and sends the next day still can. */
export const UPLOAD_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Remove the files agents uploaded but never sent (the composer was closed, the reply refused),
 * once they are older than the grace period. An upload is sent as the media of a reply queued
 * after it, so only the organisation's outbound messages since the oldest candidate are read
 * (messages_org_time_idx), never the whole table. Returns the keys removed.
 */
export async function sweepOrphanedUploads(deps: { db: Db; store: MediaStore }, now = new Date()): Promise<string[]> {
  const candidates = await deps.store.uploadsBefore(new Date(now.getTime() - UPLOAD_GRACE_MS));
  const byOrganization = new Map<number, typeof candidates>();
  for (const c of candidates) byOrganization.set(c.organizationId, [...(byOrganization.get(c.organizationId) ?? []), c]);
  const removed: string[] = [];
  for (const [organizationId, uploads] of byOrganization) {
    const since = new Date(Math.min(...uploads.map((u) => u.createdAt.getTime())));
    const keys = uploads.map((u) => u.storageKey);
    const { rows } = await sql<{ key: string }>`
      select distinct item->>'storageKey' as key
      from messages m, jsonb_array_elements(m.media) item
      where m.organization_id = ${organizationId} and m.direction = 'outbound' and m.platform_timestamp >= ${since}
        and m.media <> '[]'::jsonb and item->>'storageKey' = any(${keys}::text[])
    `.execute(deps.db);
    const used = new Set(rows.map((r) => r.key));
    for (const key of keys) {
      if (used.has(key)) continue;
      await deps.store.remove(key);
      removed.push(key);
    }
  }
  return removed;
}

/**
 * The sweep every six hours (first an hour after start). Every store answers `uploadsBefore` and
 * `remove`, so unsent uploads go whichever store holds them; a shared store also drops what an
 * interrupted put left, and this instance drops its local copies of shared files.
 */
export function createUploadSweeper(deps: {
  db: Db;
  store: MediaStore;
  localCopies?: LocalMediaCopies;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
}): PeriodicJob<string[]> {
  return periodicJob({
    intervalMs: 6 * 60 * 60 * 1000,
    firstDelayMs: 60 * 60 * 1000,
    pass: async (now = new Date()) => {
      const removed = await sweepOrphanedUploads(deps, now);
      if (removed.length > 0) deps.log.info({ removed: removed.length }, 'removed uploads never sent');
      const cutoff = new Date(now.getTime() - UPLOAD_GRACE_MS);
      const abandoned = (await deps.store.removeAbandoned?.(cutoff)) ?? 0;
      if (abandoned > 0) deps.log.info({ abandoned }, 'removed media an interrupted upload left behind');
      await deps.localCopies?.prune(cutoff);
      return removed;
    },
    onError: (err) => deps.log.warn({ err }, 'sweeping unsent uploads failed'),
  });
}
