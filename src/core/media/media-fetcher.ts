import { sql } from 'kysely';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { DEFAULT_MEDIA_FETCH_OPTIONS, type MediaFetchOptions } from './download-media-item.ts';
import { fetchInboundMedia, type MediaLog } from './fetch-inbound-media.ts';
import { createMediaHostPolicy } from './media-hosts.ts';
import type { MediaStore } from './media-store.ts';

export interface MediaFetcherDeps {
  db: Db;
  secretBox: SecretBox;
  config: Config;
  store: MediaStore;
  log: MediaLog;
  /** Messages downloading at once. Two keeps a burst of attachments from starving the webhooks of bandwidth. */
  concurrency?: number;
  options?: Partial<MediaFetchOptions>;
}

export interface MediaFetcher {
  /** Queue messages whose media is pending (the webhook route's `onMediaToFetch`). Never throws. */
  enqueue(messageIds: number[]): void;
  /**
   * Queue every message still holding pending media, e.g. left by a crash or a stop mid-download.
   * Resolves once they are queued (not fetched); never rejects: a failed query is logged.
   */
  sweep(): Promise<void>;
  /** Resolves once nothing is queued or downloading (tests). */
  idle(): Promise<void>;
  /** Stops taking work and aborts downloads in flight; their items stay pending for the next sweep. */
  stop(): Promise<void>;
}

const SWEEP_BATCH = 500;

/**
 * An in-process queue: webhooks hand over message ids as they store them, and a sweep at start
 * picks up what a crash left pending (the database row is the durable record, not this queue).
 * Several instances sweeping at once may download the same file twice; the row lock in
 * fetchInboundMedia keeps the first result and the message consistent.
 */
export function createMediaFetcher(deps: MediaFetcherDeps): MediaFetcher {
  const concurrency = Math.max(1, deps.concurrency ?? 2);
  const options: MediaFetchOptions = { ...DEFAULT_MEDIA_FETCH_OPTIONS, ...deps.options };
  const policy = createMediaHostPolicy(deps.config);
  const stopping = new AbortController();
  const queue: number[] = [];
  /** Queued or running: a message is never downloaded by two workers of this instance at once. */
  const known = new Set<number>();
  let running = 0;
  let waiters: (() => void)[] = [];

  const settleWaiters = () => {
    if (running > 0 || queue.length > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  const pump = () => {
    while (!stopping.signal.aborted && running < concurrency && queue.length > 0) {
      const id = queue.shift()!;
      running++;
      fetchInboundMedia({ db: deps.db, secretBox: deps.secretBox, log: deps.log, store: deps.store, config: deps.config, policy, options, signal: stopping.signal }, id)
        .catch((err: unknown) => deps.log.error({ err, messageId: id }, 'media fetch failed; the message keeps its pending media for the next sweep'))
        .finally(() => {
          running--;
          known.delete(id);
          pump();
          settleWaiters();
        });
    }
    settleWaiters();
  };

  return {
    enqueue(messageIds) {
      if (stopping.signal.aborted) return;
      for (const id of messageIds) {
        if (known.has(id)) continue;
        known.add(id);
        queue.push(id);
      }
      pump();
    },
    async sweep() {
      let after = 0;
      try {
        while (!stopping.signal.aborted) {
          // No index serves this filter: it runs once per start, in batches, over the id order.
          const rows = await deps.db
            .selectFrom('messages')
            .select('id')
            .where('id', '>', after)
            .where(sql<boolean>`media @> '[{"state":"pending"}]'::jsonb`)
            .orderBy('id')
            .limit(SWEEP_BATCH)
            .execute();
          if (rows.length === 0) return;
          this.enqueue(rows.map((r) => r.id));
          after = rows[rows.length - 1]!.id;
        }
      } catch (err) {
        deps.log.error({ err }, 'looking for pending media failed; it will be picked up at the next start');
      }
    },
    idle() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async stop() {
      stopping.abort();
      for (const id of queue.splice(0)) known.delete(id);
      await this.idle();
    },
  };
}
