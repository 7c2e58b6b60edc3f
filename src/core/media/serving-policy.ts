import { normalizeMimeType, safeFilename } from './media-metadata.ts';

/**
 * The headers stored media is served with. Customers send arbitrary files, so whatever is stored
 * may be hostile: only passive media (images without SVG, video, audio) is shown inline; every
 * other type is a download, and a type a browser could execute (HTML, SVG, XML, scripts, or
 * anything unknown) goes out as application/octet-stream. `nosniff` stops the browser guessing
 * otherwise, and the CSP sandbox disarms a document even if it were rendered.
 */
const INLINE = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/heic',
  'image/heif',
  'image/bmp',
  'video/mp4',
  'video/3gpp',
  'video/webm',
  'video/quicktime',
  'audio/aac',
  'audio/mp4',
  'audio/mpeg',
  'audio/amr',
  'audio/ogg',
  'audio/opus',
  'audio/wav',
  'audio/webm',
]);

/** Downloads that keep their real type (so a platform fetching by URL sees it, FACTS 5.7). */
const PASSIVE_DOWNLOAD = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/zip',
  'text/plain',
  'text/csv',
]);

export const MEDIA_CSP = "default-src 'none'; sandbox";

export function mediaResponseHeaders(meta: { mimeType: string; filename?: string }): Record<string, string> {
  const type = normalizeMimeType(meta.mimeType) ?? 'application/octet-stream';
  const inline = INLINE.has(type);
  const contentType = inline || PASSIVE_DOWNLOAD.has(type) ? type : 'application/octet-stream';
  return {
    'content-type': contentType,
    'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', meta.filename),
    'x-content-type-options': 'nosniff',
    'content-security-policy': MEDIA_CSP,
    // Signed URLs carry their secret in the query string: never leak it onwards.
    'referrer-policy': 'no-referrer',
  };
}

/** RFC 6266: an ASCII fallback `filename` plus the exact name as RFC 5987 `filename*`. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string | undefined): string {
  const name = safeFilename(filename);
  if (!name) return kind;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
