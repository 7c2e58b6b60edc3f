import type { MediaKind } from '../types.ts';

/**
 * Small but well-formed-looking files for media the customers send without bytes of their own:
 * a real 1×1 PNG, and MP4/OGG/PDF/WEBP files whose magic numbers and headers are right (players
 * won't play them; sniffers and `Content-Type` checks accept them).
 */

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

function box(type: string, payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(8 + payload.length);
  return Buffer.concat([size, Buffer.from(type, 'latin1'), payload]);
}

const MP4 = Buffer.concat([
  box('ftyp', Buffer.concat([Buffer.from('isom', 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2avc1mp41', 'latin1')])),
  box('free', Buffer.alloc(8)),
  box('mdat', Buffer.alloc(16)),
]);

const OGG = Buffer.concat([
  Buffer.from('OggS', 'latin1'),
  Buffer.from([0, 2]),
  Buffer.alloc(20),
  Buffer.from([1, 19]),
  Buffer.from('OpusHead', 'latin1'),
  Buffer.from([1, 1, 0x38, 1, 0x80, 0xbb, 0, 0, 0, 0, 0]),
]);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');

const WEBP = (() => {
  const vp8l = Buffer.from([0x2f, 0x00, 0x00, 0x00, 0x00, 0x88, 0x88, 0x08, 0x00]);
  const chunk = Buffer.concat([Buffer.from('VP8L', 'latin1'), Buffer.from([vp8l.length, 0, 0, 0]), vp8l, Buffer.alloc(vp8l.length % 2)]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(4 + chunk.length);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), size, Buffer.from('WEBP', 'latin1'), chunk]);
})();

export interface SampleFile {
  bytes: Buffer;
  mimeType: string;
  extension: string;
}

export function sampleMedia(kind: MediaKind): SampleFile {
  switch (kind) {
    case 'image':
      return { bytes: PNG_1X1, mimeType: 'image/png', extension: 'png' };
    case 'video':
      return { bytes: MP4, mimeType: 'video/mp4', extension: 'mp4' };
    case 'audio':
      return { bytes: OGG, mimeType: 'audio/ogg', extension: 'ogg' };
    case 'file':
      return { bytes: PDF, mimeType: 'application/pdf', extension: 'pdf' };
    case 'sticker':
      return { bytes: WEBP, mimeType: 'image/webp', extension: 'webp' };
  }
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

export const extensionFor = (mimeType: string): string => EXTENSIONS[mimeType.split(';')[0]?.trim() ?? ''] ?? 'bin';

/** The profile picture every simulated customer has. */
export const PROFILE_PICTURE = PNG_1X1;
