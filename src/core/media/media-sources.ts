import type { ChannelMedia, MediaDownloadPlan, MediaLookup, MediaPlanned, MediaSource } from '../../channels/channel-definition.ts';
import type { MediaItem } from '../../db/schema.ts';
import { guardedFetch, statusFailure, type GuardContext, type GuardedRequest } from './guarded-fetch.ts';

/**
 * The per-platform half of an inbound download: the platform's definition (`media.plan`) turns a
 * stored MediaItem into the one request that returns its bytes. Some platforms need a lookup
 * first (WhatsApp's media id → a 5-minute URL; TikTok's media_id → download_url); they make it
 * through the `lookup` given here, which goes through guardedFetch, so a lookup answer cannot
 * point the fetcher anywhere the allow-list forbids.
 */

export type { MediaSource };
export type DownloadPlan = MediaDownloadPlan;
export type Planned = MediaPlanned;

export async function planDownload(item: MediaItem, media: Pick<ChannelMedia, 'plan'>, source: MediaSource, guard: GuardContext): Promise<Planned> {
  const lookup: MediaLookup = (request, what) => lookupJson(request, guard, what);
  return media.plan(item, source, lookup);
}

/** A small JSON answer from a platform API (at most 64 KB: anything bigger is not a lookup answer). */
async function lookupJson(req: GuardedRequest, guard: GuardContext, platform: string): ReturnType<MediaLookup> {
  const fetched = await guardedFetch(req, guard);
  if (!fetched.ok) return fetched;
  const { res } = fetched;
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    const failure = statusFailure(res.status, `${platform}'s media lookup`);
    if (res.status === 401 || res.status === 403) failure.reason += ` ${platform} refused the channel's credentials; reconnect the channel.`;
    return { ok: false, failure };
  }
  if (Number(res.headers.get('content-length') ?? 0) > 65_536) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, failure: { reason: `${platform}'s media lookup answer was too large.`, transient: false } };
  }
  try {
    const text = await res.text();
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, failure: { reason: `${platform}'s media lookup answer could not be read.`, transient: true } };
  }
}
