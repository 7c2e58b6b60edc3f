import { oggCrc, PAGE_FLAG } from './ogg-pages.ts';

/**
 * Reads an Ogg/Opus file as a player would, checking what RFC 3533 and RFC 7845 require: every
 * page's capture pattern, version and CRC, one logical stream whose pages are numbered 0, 1, 2…,
 * the first page marked first and holding the OpusHead alone, the OpusTags next, the last page
 * marked last, granule positions that never go back. Answers the playing time from the last
 * granule position less the pre-skip. Used to measure voice notes (their length is shown in the
 * thread) and by the tests of the remuxer.
 */
export interface OggOpusInfo {
  channels: number;
  preSkip: number;
  inputRate: number;
  pages: number;
  /** Audio packets (the two header packets not counted). */
  packets: number;
  durationMs: number;
  vendor: string;
}

export type OggOpusVerdict = { ok: true; info: OggOpusInfo } | { ok: false; reason: string };

interface Page {
  flags: number;
  granule: number;
  serial: number;
  sequence: number;
  /** Packets completed on this page, with whether the first of them began on an earlier page. */
  segments: number[];
  body: Buffer;
}

function readPage(bytes: Buffer, at: number): { page: Page; next: number } | string {
  if (bytes.length < at + 27) return `the file ends inside a page header at byte ${at}`;
  if (bytes.toString('latin1', at, at + 4) !== 'OggS') return `no Ogg page starts at byte ${at}`;
  if (bytes[at + 4] !== 0) return `page at byte ${at} has version ${bytes[at + 4]}`;
  const count = bytes[at + 26]!;
  const segments = [...bytes.subarray(at + 27, at + 27 + count)];
  const length = 27 + count + segments.reduce((a, b) => a + b, 0);
  if (bytes.length < at + length) return `the file ends inside the page at byte ${at}`;
  const raw = Buffer.from(bytes.subarray(at, at + length));
  const crc = raw.readUInt32LE(22);
  raw.writeUInt32LE(0, 22);
  if (oggCrc(raw) !== crc) return `the page at byte ${at} fails its CRC`;
  const page = {
    flags: bytes[at + 5]!,
    granule: Number(bytes.readBigInt64LE(at + 6)),
    serial: bytes.readUInt32LE(at + 14),
    sequence: bytes.readUInt32LE(at + 18),
    segments,
    body: bytes.subarray(at + 27 + count, at + length),
  };
  return { page, next: at + length };
}

/** All pages, checked one by one and against each other; then the packets joined across pages. */
function readPages(bytes: Buffer): Page[] | string {
  const pages: Page[] = [];
  for (let at = 0; at < bytes.length;) {
    const read = readPage(bytes, at);
    if (typeof read === 'string') return read;
    const { page } = read;
    if (page.sequence !== pages.length) return `page ${pages.length} is numbered ${page.sequence}`;
    if (pages.length > 0 && page.serial !== pages[0]!.serial) return 'the file holds more than one stream';
    if (((page.flags & PAGE_FLAG.first) !== 0) !== (pages.length === 0)) return `page ${pages.length} is wrongly marked as a stream's first`;
    pages.push(page);
    at = read.next;
  }
  if (pages.length < 3) return 'the file holds no audio pages';
  if ((pages.at(-1)!.flags & PAGE_FLAG.last) === 0) return 'the last page is not marked as the last: the file was cut short';
  return pages;
}

/** Packets in order, each with the index of the page it ends on. */
function packetsOf(pages: Page[]): Array<{ data: Buffer; page: number }> | string {
  const packets: Array<{ data: Buffer; page: number }> = [];
  let open: Buffer[] = [];
  for (const [index, page] of pages.entries()) {
    if (((page.flags & PAGE_FLAG.continued) !== 0) !== open.length > 0) return `page ${index} does not continue the packet before it as it says`;
    let at = 0;
    for (const lace of page.segments) {
      open.push(page.body.subarray(at, at + lace));
      at += lace;
      if (lace < 255) {
        packets.push({ data: Buffer.concat(open), page: index });
        open = [];
      }
    }
  }
  return open.length > 0 ? 'the last packet never ends' : packets;
}

export function readOggOpus(bytes: Buffer): OggOpusVerdict {
  const pages = readPages(bytes);
  if (typeof pages === 'string') return { ok: false, reason: pages };
  const packets = packetsOf(pages);
  if (typeof packets === 'string') return { ok: false, reason: packets };
  const [head, tags] = packets;
  if (!head || head.page !== 0 || packets.filter((p) => p.page === 0).length !== 1) return { ok: false, reason: 'the first page must hold the OpusHead alone' };
  if (head.data.length < 19 || head.data.toString('latin1', 0, 8) !== 'OpusHead') return { ok: false, reason: 'the stream is not Opus (no OpusHead)' };
  if (head.data[8]! >> 4 !== 0) return { ok: false, reason: `OpusHead version ${head.data[8]} is not one this reads` };
  if (!tags || tags.data.toString('latin1', 0, 8) !== 'OpusTags') return { ok: false, reason: 'the OpusTags header is missing' };
  if (packets.length > 2 && packets[2]!.page === tags.page) return { ok: false, reason: 'audio shares the OpusTags page' };
  let granule = 0;
  for (const [index, page] of pages.entries()) {
    if (index < 2 || page.granule === -1) continue;
    if (page.granule < granule) return { ok: false, reason: `page ${index} goes back in time` };
    granule = page.granule;
  }
  const preSkip = head.data.readUInt16LE(10);
  const vendorLength = tags.data.length >= 12 ? tags.data.readUInt32LE(8) : 0;
  const info = {
    channels: head.data[9]!,
    preSkip,
    inputRate: head.data.readUInt32LE(12),
    pages: pages.length,
    packets: packets.length - 2,
    durationMs: Math.round(Math.max(0, granule - preSkip) / 48),
    vendor: tags.data.toString('utf8', 12, 12 + vendorLength),
  };
  return { ok: true, info };
}
