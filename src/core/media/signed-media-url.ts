import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { withoutControlCharacters } from './media-metadata.ts';
import { isStorageKey } from './media-store.ts';

/**
 * Public, expiring links to stored media: `${PUBLIC_URL}/media/<key>[/<filename>]?exp=<unix s>&sig=<hex>`.
 * Platforms that send media by URL (Messenger/Instagram `url`, WhatsApp `link`, Twilio `MediaUrl`)
 * fetch from these, so they must work without a session yet reveal nothing to whoever lacks one.
 *
 * The MAC key is derived from SNORQ_SECRET_KEY with HKDF and a label of its own, so the key that
 * seals platform tokens is never used directly for anything else.
 */

/**
 * A day: Meta and Twilio may fetch a URL well after the send call (FACTS pitfall 28), and an
 * outbound send can sit in the outbox through retries with backoff.
 */
export const DEFAULT_MEDIA_URL_TTL_SECONDS = 24 * 3600;

export type MediaUrlVerdict = 'ok' | 'expired' | 'invalid';

export interface MediaUrlSigner {
  /**
   * A signed URL for a stored file. `filename` only decorates the path (Twilio names documents
   * after the URL's last segment, FACTS 5.7); it is not signed and not used to find the file.
   */
  sign(storageKey: string, options?: { ttlSeconds?: number; filename?: string; nowMs?: number }): string;
  /** Checks `exp` and `sig` as they came in the query string (untrusted, any type). */
  verify(storageKey: string, exp: unknown, sig: unknown, nowMs?: number): MediaUrlVerdict;
}

const LABEL = 'snorq media url v1';

export function createMediaUrlSigner(options: { secretKey: Buffer; publicUrl: string; ttlSeconds?: number }): MediaUrlSigner {
  if (options.secretKey.length < 32) throw new Error('the media URL signing key must come from a 32-byte secret');
  const key = Buffer.from(hkdfSync('sha256', options.secretKey, Buffer.alloc(0), LABEL, 32));
  const base = options.publicUrl.replace(/\/+$/, '');
  const defaultTtl = options.ttlSeconds ?? DEFAULT_MEDIA_URL_TTL_SECONDS;
  const mac = (storageKey: string, exp: number) => createHmac('sha256', key).update(`${storageKey}\n${exp}`).digest();

  return {
    sign(storageKey, { ttlSeconds = defaultTtl, filename, nowMs = Date.now() } = {}) {
      if (!isStorageKey(storageKey)) throw new Error('not a media storage key');
      const exp = Math.floor(nowMs / 1000) + Math.max(1, Math.floor(ttlSeconds));
      const name = filename ? `/${encodeURIComponent(urlSafeName(filename))}` : '';
      return `${base}/media/${storageKey}${name}?exp=${exp}&sig=${mac(storageKey, exp).toString('hex')}`;
    },
    verify(storageKey, exp, sig, nowMs = Date.now()) {
      if (!isStorageKey(storageKey)) return 'invalid';
      if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp)) return 'invalid';
      if (typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return 'invalid';
      const expSeconds = Number(exp);
      // Same length by construction (both 32 bytes), as timingSafeEqual demands.
      if (!timingSafeEqual(Buffer.from(sig, 'hex'), mac(storageKey, expSeconds))) return 'invalid';
      return expSeconds * 1000 < nowMs ? 'expired' : 'ok';
    },
  };
}

/** Keeps a readable last path segment: no slashes, no control characters, no dot-only names. */
function urlSafeName(filename: string): string {
  const cleaned = withoutControlCharacters(filename)
    .replace(/[/\\?#%]/g, '_')
    .slice(-120);
  return /^\.*$/.test(cleaned) ? 'file' : cleaned;
}
