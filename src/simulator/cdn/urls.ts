import crypto from 'node:crypto';
import type { SimContext } from '../context.ts';
import type { StoredMedia } from '../state/media.ts';
import { extensionFor } from '../state/sample-media.ts';

/**
 * CDN-like URLs for media the simulated platforms hold, shaped after the real hosts (FACTS 2.5,
 * 3.5, 4.5, 5.7, 6.5) and served under `${url}/cdn/…` by cdn/routes.ts. Signed query strings
 * expire like the real ones do, so code that caches a URL instead of the bytes finds out here.
 */

const CDN_KEY = crypto.randomBytes(32);

export const cdnSignature = (...parts: string[]): string => crypto.createHmac('sha256', CDN_KEY).update(parts.join('|')).digest('hex').slice(0, 32);

export const META_CDN_TTL_S = 3 * 24 * 3600;
export const WHATSAPP_URL_TTL_S = 5 * 60;
export const TWILIO_CDN_TTL_S = 4 * 3600;
export const TIKTOK_URL_TTL_S = 3600;

const expiry = (ctx: SimContext, ttlSeconds: number): number => Math.floor(ctx.now() / 1000) + ttlSeconds;

/** Messenger/Instagram `payload.url` (scontent/lookaside look-alike): signed `oh`, hex expiry `oe`, no credentials. */
export function metaCdnUrl(ctx: SimContext, media: StoredMedia): string {
  const oe = expiry(ctx, META_CDN_TTL_S).toString(16).toUpperCase();
  return `${ctx.url}/cdn/meta/v/t1.15752-9/${media.token}_n.${extensionFor(media.mimeType)}?_nc_cat=1&oh=${cdnSignature(media.token, oe)}&oe=${oe}`;
}

/** WhatsApp: what `GET /{MEDIA_ID}` answers; valid 5 minutes, fetched with the Bearer token. */
export function whatsappCdnUrl(ctx: SimContext, media: StoredMedia): string {
  const ext = expiry(ctx, WHATSAPP_URL_TTL_S);
  return `${ctx.url}/cdn/whatsapp_business/attachments/?mid=${media.id}&ext=${ext}&hash=${cdnSignature(media.token, String(ext))}`;
}

/** Twilio `MediaUrl{N}`: the API resource, behind Basic auth; it redirects to twilioCdnUrl. */
export const twilioMediaUrl = (ctx: SimContext, media: StoredMedia): string => `${ctx.url}/twilio/2010-04-01/Accounts/${media.accountId}/Messages/${media.messageSid ?? ''}/Media/${media.id}`;

export function twilioCdnUrl(ctx: SimContext, media: StoredMedia): string {
  const expires = expiry(ctx, TWILIO_CDN_TTL_S);
  return `${ctx.url}/cdn/twilio/${media.token}?Expires=${expires}&Signature=${cdnSignature(media.token, String(expires))}`;
}

/** TikTok `data.download_url`: fetched with `x-user: <access token>`. */
export function tiktokDownloadUrl(ctx: SimContext, media: StoredMedia): string {
  const expires = expiry(ctx, TIKTOK_URL_TTL_S);
  return `${ctx.url}/cdn/tiktok/${media.token}?expires=${expires}&sign=${cdnSignature(media.token, String(expires))}`;
}

/** Profile pictures (Messenger profile_pic, Instagram profile_pic, TikTok profile_image): public. */
export const profilePictureUrl = (ctx: SimContext, platform: string, id: string): string =>
  `${ctx.url}/cdn/profile/${platform}/${encodeURIComponent(id)}.png?oh=${cdnSignature('profile', platform, id)}`;
