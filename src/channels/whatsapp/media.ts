import { z } from 'zod';
import type { ChannelMedia, MediaLookup, MediaPlanned, MediaSource } from '../channel-definition.ts';
import { addAppSecretProof } from '../meta/app-secret-proof.ts';
import { directDownload, finalFailure } from '../media-plans.ts';
import { META_MEDIA_HOSTS } from '../meta/media-hosts.ts';
import { MB, type OutboundMediaRules } from '../outbound-media.ts';
import { WHATSAPP_CAPTION_LIMIT } from './policy.ts';

/**
 * What a business sends (FACTS 4.3, 4.5): images JPEG/PNG up to 5 MB, video MP4/3GPP and audio
 * (AAC, AMR, MP3, M4A, OGG/Opus) up to 16 MB, documents of any common type up to 100 MB; one
 * attachment per message, a caption of 1024 characters on images, videos and documents (not audio).
 */
export const WHATSAPP_OUTBOUND: OutboundMediaRules = {
  kinds: {
    image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
    video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB },
    audio: { mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MB },
    file: { mimeTypes: 'any', maxBytes: 100 * MB },
  },
  caption: { limit: WHATSAPP_CAPTION_LIMIT, kinds: ['image', 'video', 'file'] },
  perMessage: 1,
};

const MediaInfo = z.looseObject({ url: z.string().min(1), mime_type: z.string().optional(), sha256: z.string().optional() });

/**
 * WhatsApp Cloud media (FACTS 4.5): by media id, in two steps with the number's Bearer token; the
 * URL of step 1 lives 5 minutes (`expiring`). Documents go up to 100 MB, so the cap is WhatsApp's own.
 */
export const whatsappMedia: ChannelMedia = {
  hosts: META_MEDIA_HOSTS,
  credentialHosts: META_MEDIA_HOSTS,
  credentialUrls: ['metaGraph'],
  maxBytes: 100 * 1_048_576,
  outbound: WHATSAPP_OUTBOUND,
  async plan(item, source, lookup) {
    const c = source.credentials;
    if (c?.platform !== 'whatsapp') return finalFailure('The WhatsApp channel has no access token to download media with.');
    return item.platformMediaId ? lookUpMediaUrl(item.platformMediaId, c.accessToken, source, lookup) : directDownload(item, { authorization: `Bearer ${c.accessToken}` });
  },
};

/** Step 1 of FACTS 4.5: `GET /{v}/{MEDIA_ID}?phone_number_id=` (Bearer) → `{url, mime_type, sha256}`. */
async function lookUpMediaUrl(mediaId: string, token: string, source: MediaSource, lookup: MediaLookup): Promise<MediaPlanned> {
  const url = new URL(`${source.urls.metaGraph.replace(/\/+$/, '')}/${source.urls.metaGraphVersion}/${encodeURIComponent(mediaId)}`);
  url.searchParams.set('phone_number_id', source.accountId);
  addAppSecretProof(url, token, source.appSecrets?.metaGraph);
  const bearer = { authorization: `Bearer ${token}` };
  const info = await lookup({ url, secretHeaders: bearer, headers: { accept: 'application/json' } }, 'WhatsApp');
  if (!info.ok) return info;
  const parsed = MediaInfo.safeParse(info.value);
  if (!parsed.success || !URL.canParse(parsed.data.url)) return { ok: false, failure: { reason: 'WhatsApp answered the media lookup with something snorq could not read.', transient: true } };
  const { mime_type: mimeType, sha256 } = parsed.data;
  // Step 2 takes the same Bearer token (FACTS 4.5); core sends it only to Meta's hosts.
  return { ok: true, plan: { request: { url: new URL(parsed.data.url), secretHeaders: bearer }, expiring: true, ...(mimeType && { mimeType }), ...(sha256 && { sha256 }) } };
}
