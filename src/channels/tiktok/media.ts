import { z } from 'zod';
import type { MediaItem } from '../../db/schema.ts';
import type { ChannelMedia, MediaLookup, MediaPlanned, MediaSource } from '../channel-definition.ts';
import { directDownload, finalFailure } from '../media-plans.ts';
import { TIKTOK_API_VERSION } from './api.ts';
import { tiktokMetadata } from './metadata.ts';
import { MB, type OutboundMediaRules } from '../outbound-media.ts';

/** What a business sends (FACTS 6.3): images only, JPG/PNG up to 3 MB, one per message, no caption. */
const TIKTOK_OUTBOUND: OutboundMediaRules = {
  kinds: { image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 3 * MB } },
  caption: null,
  perMessage: 1,
};

/** TikTok's API and the ByteDance CDNs its download_url points at (FACTS 6.5; hosts unconfirmed, see 9). */
const TIKTOK_HOSTS = ['business-api.tiktok.com', '.tiktokcdn.com', '.tiktokcdn-us.com', '.tiktokcdn-eu.com', '.ibytedtos.com', '.byteoversea.com', '.tiktokv.com'];

const Envelope = z.looseObject({
  code: z.union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number),
  ]),
  message: z.string().optional(),
  data: z.looseObject({ download_url: z.string().optional() }).optional(),
});

/** TikTok media (FACTS 6.5): a URL fetched with `x-user`, or a media_id looked up first; images are far below 25 MB. */
export const tiktokMedia: ChannelMedia = {
  hosts: TIKTOK_HOSTS,
  credentialHosts: TIKTOK_HOSTS,
  credentialUrls: ['tiktok'],
  maxBytes: 25 * 1_048_576,
  outbound: TIKTOK_OUTBOUND,
  async plan(item, source, lookup) {
    const c = source.credentials;
    if (c?.platform !== 'tiktok') return finalFailure('The TikTok channel has no access token to download media with.');
    return item.url ? directDownload(item, { 'x-user': c.accessToken }) : lookUpDownloadUrl(item, c.accessToken, source, lookup);
  },
};

/** FACTS 6.5: `POST …/business/message/media/download/` (Access-Token) → `data.download_url`, fetched with `x-user`. */
async function lookUpDownloadUrl(item: MediaItem, token: string, source: MediaSource, lookup: MediaLookup): Promise<MediaPlanned> {
  // Parsed with the schema the normaliser wrote it by: a conversation id of another shape is no id.
  const conversationId = tiktokMetadata.shape.conversationId.safeParse(source.metadata.conversationId).data;
  if (!item.platformMediaId || !conversationId || !source.externalId) {
    return finalFailure('TikTok sent neither a link nor the ids needed to download this attachment.');
  }
  const url = new URL(`${source.urls.tiktok.replace(/\/+$/, '')}/open_api/${TIKTOK_API_VERSION}/business/message/media/download/`);
  const json = {
    business_id: source.accountId,
    conversation_id: conversationId,
    message_id: source.externalId,
    media_id: item.platformMediaId,
    // The endpoint documents IMAGE only (FACTS 6.5); other kinds are asked for by their own name.
    media_type: item.type === 'sticker' ? 'IMAGE' : item.type.toUpperCase(),
  };
  const res = await lookup({ url, method: 'POST', json, secretHeaders: { 'access-token': token }, headers: { accept: 'application/json' } }, 'TikTok');
  if (!res.ok) return res;
  const envelope = Envelope.safeParse(res.value);
  if (!envelope.success) return { ok: false, failure: { reason: 'TikTok answered the media lookup with something snorq could not read.', transient: true } };
  const { code, message, data } = envelope.data;
  if (code !== 0) {
    // 5xxxx is TikTok's own trouble and 40100 a rate limit (FACTS 6.3): worth retrying; the rest is final.
    const transient = code === 40100 || (code >= 50000 && code <= 59999);
    const why = code === 40105 ? "TikTok rejected the channel's access token" : `TikTok refused the media download (code ${code}${message ? `: ${message}` : ''})`;
    return { ok: false, failure: { reason: `${why}.`, transient } };
  }
  if (!data?.download_url || !URL.canParse(data.download_url)) return finalFailure('TikTok gave no download link for this attachment.');
  return { ok: true, plan: { request: { url: new URL(data.download_url), secretHeaders: { 'x-user': token } } } };
}
