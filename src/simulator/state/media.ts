import crypto from 'node:crypto';
import { z } from 'zod';
import { cdnToken } from '../ids.ts';
import type { SimPlatform } from '../types.ts';
import type { StateSection } from './state-file.ts';

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

  /**
   * Media as the state file keeps it: the newest first, up to `budgetBytes` in all (the file is
   * rewritten whole; a platform's media expire anyway). What snorq may ask for again after a
   * restart — a WhatsApp media id, a bot's file_id of the demo — is small.
   */
  section(budgetBytes = MEDIA_BUDGET_BYTES): StateSection<SavedMedia[]> {
    return {
      schema: SavedMediaList,
      save: () => {
        const kept: SavedMedia[] = [];
        let total = 0;
        for (const media of [...this.byIdMap.values()].sort((a, b) => b.createdAt - a.createdAt)) {
          total += media.bytes.length;
          if (total > budgetBytes) break;
          const { bytes: _bytes, ...rest } = media;
          kept.push({ ...rest, bytesBase64: base64Of(media) });
        }
        return kept;
      },
      load: (saved) => {
        this.clear();
        for (const { bytesBase64, ...rest } of saved) {
          const media: StoredMedia = { ...rest, platform: rest.platform as SimPlatform, bytes: Buffer.from(bytesBase64, 'base64') };
          this.byIdMap.set(media.id, media);
          this.byTokenMap.set(media.token, media);
        }
      },
    };
  }
}

/** How much media the state file keeps (its bytes, before base64). */
export const MEDIA_BUDGET_BYTES = 4 * 1_048_576;

type SavedMedia = Omit<StoredMedia, 'bytes' | 'platform'> & { platform: string; bytesBase64: string };
const SavedMediaList = z.array(
  z.object({
    id: z.string(),
    token: z.string(),
    platform: z.string(),
    accountId: z.string(),
    bytesBase64: z.string(),
    mimeType: z.string(),
    filename: z.string().optional(),
    createdAt: z.number(),
    messageSid: z.string().optional(),
  }),
);

// Media bytes never change: each is encoded once, not at every write of the state.
const encoded = new WeakMap<StoredMedia, string>();
function base64Of(media: StoredMedia): string {
  let text = encoded.get(media);
  if (text === undefined) encoded.set(media, (text = media.bytes.toString('base64')));
  return text;
}

export const sha256Hex = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('hex');
export const sha256Base64 = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('base64');
