import type { SimContext } from '../context.ts';
import { graphNumericId, twilioSid } from '../ids.ts';
import type { StoredMedia } from '../state/media.ts';
import { extensionFor, sampleMedia } from '../state/sample-media.ts';
import type { CustomerMedia, SimPlatform } from '../types.ts';
import { metaCdnUrl, twilioMediaUrl } from '../cdn/urls.ts';

/** A customer's media, stored where the platform keeps it and addressed the way its webhook does. */
export interface PreparedMedia {
  type: CustomerMedia['type'];
  /** Meta: CDN URL; Twilio: MediaUrl; WhatsApp/TikTok: none (they send ids). */
  url?: string;
  stored?: StoredMedia;
  mimeType: string;
  filename?: string;
  caption?: string;
}

export function prepareCustomerMedia(ctx: SimContext, platform: SimPlatform, accountId: string, media: CustomerMedia, twilioMessageSid?: string): PreparedMedia {
  const sample = sampleMedia(media.type);
  const mimeType = media.mimeType ?? sample.mimeType;
  const filename = media.filename ?? (media.type === 'file' ? `document.${extensionFor(mimeType)}` : undefined);
  const base = { type: media.type, mimeType, filename, caption: media.caption };
  if (media.url && (platform === 'messenger' || platform === 'instagram')) return { ...base, url: media.url };
  const bytes = media.bytes ? Buffer.from(media.bytes) : sample.bytes;
  const id = platform === 'whatsapp' ? graphNumericId() : platform === 'twilio' ? twilioSid('ME') : platform === 'tiktok' ? `v10044g50000${graphNumericId()}` : undefined;
  const stored = ctx.media.add({ id, platform, accountId, bytes, mimeType, filename, createdAt: ctx.now(), messageSid: twilioMessageSid });
  if (platform === 'messenger' || platform === 'instagram') return { ...base, url: metaCdnUrl(ctx, stored), stored };
  if (platform === 'twilio') return { ...base, url: twilioMediaUrl(ctx, stored), stored };
  return { ...base, stored };
}
