/**
 * What the simulated platforms see in an audio file, as their media pipelines do before they
 * accept a voice message: the container by its magic bytes and, for Ogg, the codec of its first
 * page (whose CRC must hold). Written apart from snorq's own Ogg code on purpose: a test that sends
 * snorq's remuxed file through here checks it against a second reading, not against itself.
 */
export type AudioFormat = 'ogg/opus' | 'ogg/vorbis' | 'ogg/other' | 'ogg/damaged' | 'webm' | 'wav' | 'aac' | 'mp3' | 'mp4' | 'unknown';

function crc32Ogg(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 24;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

/** The first Ogg page's codec: its body starts with the codec's identification header. */
function oggCodec(bytes: Buffer): AudioFormat {
  if (bytes.length < 27) return 'ogg/damaged';
  const segments = bytes[26]!;
  let bodyLength = 0;
  for (let i = 0; i < segments; i++) bodyLength += bytes[27 + i] ?? 0;
  const end = 27 + segments + bodyLength;
  if (bytes.length < end || (bytes[5]! & 2) === 0) return 'ogg/damaged';
  const page = Buffer.from(bytes.subarray(0, end));
  const crc = page.readUInt32LE(22);
  page.writeUInt32LE(0, 22);
  if (crc32Ogg(page) !== crc) return 'ogg/damaged';
  const body = page.subarray(27 + segments);
  if (body.subarray(0, 8).toString('latin1') === 'OpusHead') return 'ogg/opus';
  if (body.subarray(1, 7).toString('latin1') === 'vorbis') return 'ogg/vorbis';
  return 'ogg/other';
}

export function audioFormat(bytes: Buffer): AudioFormat {
  if (bytes.length < 12) return 'unknown';
  const head = bytes.subarray(0, 12);
  if (head.subarray(0, 4).toString('latin1') === 'OggS') return oggCodec(bytes);
  if (head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WAVE') return 'wav';
  // ADTS (raw AAC): a sync word whose layer bits are 00; MPEG audio frames have a layer.
  if (head[0] === 0xff && ((head[1] ?? 0) & 0xf6) === 0xf0) return 'aac';
  if (head.subarray(0, 3).toString('latin1') === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
  if (head.subarray(4, 8).toString('latin1') === 'ftyp') return 'mp4';
  return 'unknown';
}

/**
 * The whole seconds of an Ogg/Opus file, as a platform that reports a voice note's length in whole seconds does: the last
 * page's granule position (48 kHz samples) less the pre-skip of the OpusHead. Undefined when the
 * bytes are not a readable Ogg/Opus file (the simulator then says what its sample files say).
 */
export function oggOpusSeconds(bytes: Buffer): number | undefined {
  if (audioFormat(bytes) !== 'ogg/opus') return undefined;
  const last = bytes.lastIndexOf('OggS', undefined, 'latin1');
  if (last < 0 || bytes.length < last + 14) return undefined;
  const granule = Number(bytes.readBigInt64LE(last + 6));
  const head = bytes.indexOf('OpusHead', 0, 'latin1');
  const preSkip = head >= 0 && bytes.length >= head + 12 ? bytes.readUInt16LE(head + 10) : 0;
  if (granule <= preSkip) return undefined;
  return Math.max(1, Math.round((granule - preSkip) / 48_000));
}
