import type { SimContext } from '../context.ts';
import type { StoredMedia } from '../state/media.ts';
import { extensionFor, sampleMedia } from '../state/sample-media.ts';
import type { CustomerMedia, SimPlatform } from '../types.ts';

/** A customer's media, stored where the platform keeps it and addressed the way its webhook does (its `customerMedia`). */
export interface PreparedMedia {
  type: CustomerMedia['type'];
  /** Meta: CDN URL; Twilio: MediaUrl; WhatsApp/TikTok: none (they send ids). */
  url?: string;
  stored?: StoredMedia;
  mimeType: string;
  filename?: string;
  caption?: string;
}

export function prepareCustomerMedia(ctx: SimContext, platform: SimPlatform, accountId: string, media: CustomerMedia, messageSid?: string): PreparedMedia {
  const sample = sampleMedia(media.type);
  const mimeType = media.mimeType ?? sample.mimeType;
  const filename = media.filename ?? (media.type === 'file' ? `document.${extensionFor(mimeType)}` : undefined);
  const base = { type: media.type, mimeType, filename, caption: media.caption };
  const handling = ctx.platform(platform).customerMedia ?? {};
  if (media.url && handling.passesGivenUrl) return { ...base, url: media.url };
  const bytes = media.bytes ? Buffer.from(media.bytes) : sample.bytes;
  const stored = ctx.media.add({ id: handling.mintId?.(), platform, accountId, bytes, mimeType, filename, createdAt: ctx.now(), messageSid });
  const url = handling.url?.(ctx, stored);
  return url === undefined ? { ...base, stored } : { ...base, url, stored };
}
