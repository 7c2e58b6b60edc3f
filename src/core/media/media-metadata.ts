import { prefixWithin } from '../../text/cut-text.ts';

/**
 * Cleaning the two pieces of media metadata that come from outside (a platform's Content-Type, a
 * customer's or agent's filename) before they are stored or put in a response header.
 */

const MIME_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** `Image/JPEG; charset=x` → `image/jpeg`; anything that is not a plain type/subtype → undefined. */
export function normalizeMimeType(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const bare = value.split(';')[0]!.trim().toLowerCase();
  return MIME_PATTERN.test(bare) ? bare : undefined;
}

/**
 * The last path segment of a client-given name, without control characters, at most 200
 * characters (keeping the extension); undefined when nothing readable is left.
 */
export function safeFilename(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const last = value.split(/[/\\]/).pop() ?? '';
  const cleaned = withoutControlCharacters(last).replace(/"/g, '').trim();
  if (cleaned === '' || /^\.+$/.test(cleaned)) return undefined;
  if (cleaned.length <= 200) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 12 ? cleaned.slice(dot) : '';
  // Between characters: a name cut inside an emoji could not be stored in the media JSON.
  return prefixWithin(cleaned, 200 - ext.length) + ext;
}

/** Drops C0 control characters and DEL (they end headers and confuse file names). */
export function withoutControlCharacters(value: string): string {
  return Array.from(value)
    .filter((c) => c.charCodeAt(0) > 0x1f && c !== '\u007f')
    .join('');
}
