import crypto from 'node:crypto';
import { cdnToken } from '../ids.ts';
import type { SimPlatform } from '../types.ts';

/**
 * Bytes the simulated platforms hold: media customers sent, media snorq uploaded. Each item has
 * an unguessable CDN token; how its URL must be fetched mirrors the platform (FACTS 2.5, 3.5, 4.5,
 * 5.7, 6.5): Meta CDN URLs are signed but need no credentials, WhatsApp's need the Bearer token,
 * Twilio's API URL needs Basic auth and redirects to an open CDN URL, TikTok's needs `x-user`.
 */
export interface StoredMedia {
  /** The platform's id for it: WhatsApp media id, TikTok media_id, Twilio ME sid, or the token. */
  id: string;
  token: string;
  platform: SimPlatform;
  accountId: string;
  bytes: Buffer;
  mimeType: string;
  filename?: string;
  createdAt: number;
  /** Twilio: the message the media belongs to. */
  messageSid?: string;
}

export class MediaStore {
  private byIdMap = new Map<string, StoredMedia>();
  private byTokenMap = new Map<string, StoredMedia>();

  add(input: Omit<StoredMedia, 'token' | 'id'> & { id?: string }): StoredMedia {
    const token = cdnToken();
    const media: StoredMedia = { ...input, id: input.id ?? token, token };
    this.byIdMap.set(media.id, media);
    this.byTokenMap.set(token, media);
    return media;
  }

  byId(id: string): StoredMedia | undefined {
    return this.byIdMap.get(id);
  }

  byToken(token: string): StoredMedia | undefined {
    return this.byTokenMap.get(token);
  }

  delete(id: string): boolean {
    const media = this.byIdMap.get(id);
    if (!media) return false;
    this.byIdMap.delete(id);
    this.byTokenMap.delete(media.token);
    return true;
  }

  clear(): void {
    this.byIdMap.clear();
    this.byTokenMap.clear();
  }
}

export const sha256Hex = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('hex');
export const sha256Base64 = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('base64');
