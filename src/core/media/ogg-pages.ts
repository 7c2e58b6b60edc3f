/**
 * Ogg pages (RFC 3533) and what Ogg needs to know about Opus (RFC 7845), shared by the WebM → Ogg
 * remuxer and the reader that checks and measures Ogg/Opus files.
 *
 * A page: "OggS", version 0, flags (1 continued packet, 2 first page, 4 last page), the granule
 * position (for Opus: 48 kHz samples decoded up to the last packet that ends on the page), the
 * stream's serial number, the page's sequence number, a CRC-32 of the whole page, and a segment
 * table: each packet's length in pieces of 255, a piece under 255 ending it.
 */

/** CRC-32 of Ogg: polynomial 0x04C11DB7, initial value 0, no reflection, no final XOR (RFC 3533 §6). */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

export const PAGE_FLAG = { continued: 1, first: 2, last: 4 } as const;
/** A page holds at most 255 segments of at most 255 bytes each. */
export const MAX_SEGMENTS = 255;

export interface OggPageInput {
  flags: number;
  granule: number;
  serial: number;
  sequence: number;
  /** Whole packets, each ending on this page (the remuxer never splits one: an Opus packet is at most 7,650 bytes). */
  packets: Buffer[];
}

/** Segments a packet takes: its length in pieces of 255, plus one piece under 255 (possibly 0) that ends it. */
export const segmentsOf = (packet: Buffer): number => Math.floor(packet.length / 255) + 1;

/** One page's bytes, its CRC filled in. */
export function writeOggPage(page: OggPageInput): Buffer {
  const lacing: number[] = [];
  for (const packet of page.packets) {
    for (let left = packet.length; ; left -= 255) {
      lacing.push(Math.min(left, 255));
      if (left < 255) break;
    }
  }
  if (lacing.length > MAX_SEGMENTS) throw new Error(`an Ogg page of ${lacing.length} segments`);
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header[4] = 0;
  header[5] = page.flags;
  header.writeBigInt64LE(BigInt(page.granule), 6);
  header.writeUInt32LE(page.serial >>> 0, 14);
  header.writeUInt32LE(page.sequence >>> 0, 18);
  header.writeUInt32LE(0, 22);
  header[26] = lacing.length;
  Buffer.from(lacing).copy(header, 27);
  const bytes = Buffer.concat([header, ...page.packets]);
  bytes.writeUInt32LE(oggCrc(bytes), 22);
  return bytes;
}

/**
 * The samples (at 48 kHz, whatever the input rate) one Opus packet decodes to, from its TOC byte
 * (RFC 6716 §3.1): the configuration gives the frame length, the last two bits the frame count.
 */
export function opusPacketSamples(packet: Buffer): number {
  if (packet.length === 0) return 0;
  const toc = packet[0]!;
  const config = toc >> 3;
  // SILK 10/20/40/60 ms, hybrid 10/20 ms, CELT 2.5/5/10/20 ms.
  const frame = config < 12 ? [480, 960, 1920, 2880][config & 3]! : config < 16 ? [480, 960][config & 1]! : [120, 240, 480, 960][config & 3]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return frame * frames;
}

/** The OpusHead identification header (RFC 7845 §5.1) for mono or stereo (channel mapping family 0). */
export function opusHead(channels: number, preSkip: number, inputRate: number): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1;
  head[9] = channels;
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(inputRate, 12);
  head.writeInt16LE(0, 16);
  head[18] = 0;
  return head;
}

/** The OpusTags comment header (RFC 7845 §5.2): a vendor string and no comments. */
export function opusTags(vendor: string): Buffer {
  const name = Buffer.from(vendor, 'utf8');
  const tags = Buffer.alloc(8 + 4 + name.length + 4);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(name.length, 8);
  name.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + name.length);
  return tags;
}
