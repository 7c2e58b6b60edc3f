import { pipeline, Readable, Transform } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MediaItem } from '../../db/schema.ts';
import { guardedFetch, networkFailure, statusFailure, type FetchFailure } from './guarded-fetch.ts';
import type { MediaChannel, MediaHostPolicy } from './media-hosts.ts';
import { normalizeMimeType } from './media-metadata.ts';
import { planDownload, type MediaSource } from './media-sources.ts';
import type { MediaStore } from './media-store.ts';

/** Knobs of inbound downloads; tests shrink the delays and caps. */
export interface MediaFetchOptions {
  /** Largest file kept, by platform, where it differs from the definition's `media.maxBytes`; a bigger one is marked failed, never half-stored. */
  maxBytes?: Partial<Record<string, number>>;
  /** Tries per item, the first included. */
  attempts: number;
  /** Backoff before try n+1 is baseDelayMs·2^(n-1), capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** One try (lookup, redirects and the whole body) must finish within this. */
  timeoutMs: number;
}

/**
 * Each platform's cap is its definition's `media.maxBytes` (WhatsApp documents go up to 100 MB;
 * Messenger and Instagram attachments 25 MB; …). Bytes stream to disk, so a cap costs disk, not memory.
 */
export const DEFAULT_MEDIA_FETCH_OPTIONS: MediaFetchOptions = {
  attempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  timeoutMs: 120_000,
};

export interface StoredDownload {
  storageKey: string;
  size: number;
  mimeType: string;
  sha256: string;
}

export type ItemOutcome =
  | { ok: true; stored: StoredDownload }
  /** `aborted`: snorq is stopping; the item stays pending for the next start's sweep. */
  | { ok: false; reason: string; aborted: boolean };

export interface DownloadDeps {
  store: MediaStore;
  policy: MediaHostPolicy;
  options: MediaFetchOptions;
  /** Aborted when the fetcher stops. */
  signal: AbortSignal;
  onRetry?: (attempt: number, failure: FetchFailure) => void;
}

/**
 * Download one item into the store, retrying transient failures with bounded exponential backoff.
 * The one download path of every platform: the channel's `media.plan` says which request returns
 * the bytes (after a lookup, if any), and every request of it goes through guardedFetch.
 */
export async function downloadMediaItem(item: MediaItem, channel: MediaChannel, source: MediaSource, deps: DownloadDeps): Promise<ItemOutcome> {
  const { options, signal } = deps;
  let last: FetchFailure = { reason: 'The download was not attempted.', transient: false };
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    if (signal.aborted) return { ok: false, reason: last.reason, aborted: true };
    const result = await tryOnce(item, channel, source, deps);
    if (result.ok) return result;
    last = result.failure;
    if (signal.aborted) return { ok: false, reason: last.reason, aborted: true };
    if (!last.transient || attempt === options.attempts) break;
    deps.onRetry?.(attempt, last);
    const delay = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
    try {
      await sleep(delay, undefined, { signal });
    } catch {
      return { ok: false, reason: last.reason, aborted: true };
    }
  }
  const tries = last.transient ? ` (gave up after ${options.attempts} tries)` : '';
  return { ok: false, reason: `${last.reason}${tries}`, aborted: false };
}

class TooLargeError extends Error {}

async function tryOnce(item: MediaItem, channel: MediaChannel, source: MediaSource, deps: DownloadDeps): Promise<{ ok: true; stored: StoredDownload } | { ok: false; failure: FetchFailure }> {
  const max = deps.options.maxBytes?.[channel.id] ?? channel.media.maxBytes;
  const signal = AbortSignal.any([deps.signal, AbortSignal.timeout(deps.options.timeoutMs)]);
  const guard = { policy: deps.policy, platform: channel.id, signal };
  const planned = await planDownload(item, channel.media, source, guard);
  if (!planned.ok) return planned;
  const { plan } = planned;
  const fetched = await guardedFetch(plan.request, guard);
  if (!fetched.ok) return fetched;
  const { res, url } = fetched;
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    if (plan.expiring && [401, 403, 404, 410].includes(res.status)) {
      return { ok: false, failure: { reason: "The platform's download link expired before it was used.", transient: true } };
    }
    return { ok: false, failure: statusFailure(res.status, url.hostname) };
  }
  if (Number(res.headers.get('content-length') ?? 0) > max) {
    await res.body.cancel().catch(() => undefined);
    return { ok: false, failure: tooLarge(max) };
  }
  const mimeType = normalizeMimeType(item.mimeType) ?? normalizeMimeType(plan.mimeType) ?? normalizeMimeType(res.headers.get('content-type')) ?? 'application/octet-stream';
  let seen = 0;
  // Content-Length may be absent or lie: count the bytes as they arrive and stop at the cap.
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > max ? new TooLargeError() : null, chunk);
    },
  });
  try {
    const body = Readable.fromWeb(res.body as unknown as NodeReadableStream<Uint8Array>, { signal });
    // pipeline, not pipe: a dropped connection must fail the put, not leave it waiting forever.
    pipeline(body, limit, () => undefined);
    const put = await deps.store.put(limit, { mimeType, ...(item.filename && { filename: item.filename }) });
    return { ok: true, stored: { storageKey: put.storageKey, size: put.size, mimeType, sha256: put.sha256 } };
  } catch (err) {
    if (err instanceof TooLargeError) return { ok: false, failure: tooLarge(max) };
    return { ok: false, failure: networkFailure(signal.aborted ? (signal.reason ?? err) : err, url) };
  }
}

const tooLarge = (max: number): FetchFailure => ({ reason: `The file is larger than ${Math.round(max / 1_048_576)} MB, the most snorq keeps from this platform.`, transient: false });
