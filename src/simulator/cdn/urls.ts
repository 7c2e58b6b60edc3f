import crypto from 'node:crypto';
import type { SimContext } from '../context.ts';

/**
 * CDN-like URLs for media the simulated platforms hold, shaped after the real hosts (FACTS 2.5,
 * 3.5, 4.5, 5.7, 6.5) and served under `${url}/cdn/…`: each platform's in its folder (`cdn.ts`,
 * SimulatedPlatform.registerCdn), profile pictures by cdn/routes.ts. Signed query strings
 * expire like the real ones do, so code that caches a URL instead of the bytes finds out here.
 */

const CDN_KEY = crypto.randomBytes(32);

export const cdnSignature = (...parts: string[]): string => crypto.createHmac('sha256', CDN_KEY).update(parts.join('|')).digest('hex').slice(0, 32);

export const expiry = (ctx: SimContext, ttlSeconds: number): number => Math.floor(ctx.now() / 1000) + ttlSeconds;

/** Profile pictures (Messenger profile_pic, Instagram profile_pic, TikTok profile_image): public. */
export const profilePictureUrl = (ctx: SimContext, platform: string, id: string): string =>
  `${ctx.url}/cdn/profile/${platform}/${encodeURIComponent(id)}.png?oh=${cdnSignature('profile', platform, id)}`;
