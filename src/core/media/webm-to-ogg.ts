import { randomInt } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { EbmlFormatError, EbmlStream, readFloat, readInt, readUint, readVint, type EbmlAction } from './ebml-stream.ts';
import { MAX_SEGMENTS, opusHead, opusPacketSamples, opusTags, PAGE_FLAG, segmentsOf, writeOggPage } from './ogg-pages.ts';

/**
 * WebM/Opus → Ogg/Opus, as a stream, in Node, with no external program.
 *
 * Why: browsers record voice with MediaRecorder, and Chromium's records WebM with Opus inside;
 * WhatsApp plays a voice note only from OGG/Opus (FACTS 4.5), and a bot's voice message wants
 * OGG/Opus too. Both containers carry the very same Opus packets, so the conversion is a remux —
 * read the packets out of Matroska's blocks, write them into Ogg pages behind an OpusHead and an
 * OpusTags header, with granule positions counted from each packet's TOC — and no audio is
 * decoded or re-encoded (nothing lost, no codec library, no ffmpeg on the machine). No npm package
 * does this remux in Node (the EBML parsers found read Matroska but write no Ogg), hence this file.
 *
 * Refused with a `MediaFormatError` (the agent reads its message): a file that is not WebM, has no
 * Opus audio track, has a video track (this is for voice notes), or ends in the middle of an element.
 */
export class MediaFormatError extends Error {}

/** Matroska element IDs this reads (https://www.matroska.org/technical/elements.html). */
const ID = {
  ebml: 0x1a45dfa3,
  docType: 0x4282,
  segment: 0x18538067,
  info: 0x1549a966,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  trackType: 0x83,
  codecId: 0x86,
  codecPrivate: 0x63a2,
  codecDelay: 0x56aa,
  audio: 0xe1,
  samplingFrequency: 0xb5,
  channels: 0x9f,
  cluster: 0x1f43b675,
  simpleBlock: 0xa3,
  blockGroup: 0xa0,
  block: 0xa1,
  discardPadding: 0x75a2,
} as const;

const DESCEND = new Set<number>([ID.ebml, ID.segment, ID.info, ID.tracks, ID.trackEntry, ID.audio, ID.cluster, ID.blockGroup]);
const READ = new Set<number>([ID.docType, ID.trackNumber, ID.trackType, ID.codecId, ID.codecPrivate, ID.codecDelay, ID.samplingFrequency, ID.channels, ID.simpleBlock, ID.block, ID.discardPadding]);
const actionOf = (id: number): EbmlAction => (DESCEND.has(id) ? 'descend' : READ.has(id) ? 'read' : 'skip');

/** A block is one Opus packet (or a few, laced): far below this. Anything bigger is not a voice recording. */
const MAX_LEAF_BYTES = 1 << 20;
/** A page is closed once it holds a second of audio, as libopusenc does: a player seeks by pages. */
const PAGE_SAMPLES = 48_000;

interface Track {
  number?: number;
  type?: number;
  codec?: string;
  codecPrivate?: Buffer;
  codecDelayNs?: number;
  rate?: number;
  channels?: number;
}

export interface RemuxSummary {
  /** Playing time in milliseconds: the last granule position less the pre-skip. */
  durationMs: number;
  packets: number;
  channels: number;
}

/** The remux as a Transform: WebM bytes in, Ogg bytes out; `summary()` once it has finished. */
export function webmToOgg(options: { vendor?: string; serial?: number } = {}): Transform & { summary(): RemuxSummary } {
  const remux = new WebmOpusRemux(options.vendor ?? 'snorq', options.serial ?? randomInt(0, 2 ** 32));
  const transform = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        for (const page of remux.push(chunk)) this.push(page);
        done();
      } catch (err) {
        done(asFormatError(err));
      }
    },
    flush(done: TransformCallback) {
      try {
        for (const page of remux.end()) this.push(page);
        done();
      } catch (err) {
        done(asFormatError(err));
      }
    },
  });
  return Object.assign(transform, { summary: () => remux.summary() });
}

/** The whole remux of a file in memory (tests, small files). */
export function webmToOggBuffer(webm: Buffer, options: { vendor?: string; serial?: number } = {}): { ogg: Buffer; summary: RemuxSummary } {
  const remux = new WebmOpusRemux(options.vendor ?? 'snorq', options.serial ?? randomInt(0, 2 ** 32));
  try {
    const pages = [...remux.push(webm), ...remux.end()];
    return { ogg: Buffer.concat(pages), summary: remux.summary() };
  } catch (err) {
    throw asFormatError(err);
  }
}

const asFormatError = (err: unknown): Error =>
  err instanceof EbmlFormatError ? new MediaFormatError(`This recording cannot be read as WebM: ${err.message}.`) : err instanceof Error ? err : new Error(String(err));

class WebmOpusRemux {
  private readonly ebml = new EbmlStream(actionOf, (id, body) => this.leaf(id, body), MAX_LEAF_BYTES);
  private docType?: string;
  private readonly tracks: Track[] = [];
  private audio?: { number: number; channels: number; preSkip: number };
  private sequence = 0;
  private granule = 0;
  private packets = 0;
  private page: Buffer[] = [];
  private pageSegments = 0;
  private pageSamples = 0;
  /** End trimming of the latest block (Matroska DiscardPadding, in samples): applies if it was the last. */
  private discard = 0;
  private out: Buffer[] = [];
  private started = false;

  constructor(
    private readonly vendor: string,
    private readonly serial: number,
  ) {}

  push(chunk: Buffer): Buffer[] {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.length < 4 || chunk.readUInt32BE(0) !== ID.ebml) throw new MediaFormatError('This recording is not a WebM file.');
    }
    this.ebml.push(chunk);
    return this.take();
  }

  end(): Buffer[] {
    if (this.docType === undefined) throw new MediaFormatError('This recording is not a WebM file.');
    if (!this.ebml.atBoundary) throw new MediaFormatError('This recording ends in the middle: it was cut short.');
    if (!this.audio) throw new MediaFormatError('This recording has no Opus audio track.');
    if (this.packets === 0) throw new MediaFormatError('This recording holds no audio.');
    this.flushPage(true);
    return this.take();
  }

  summary(): RemuxSummary {
    const preSkip = this.audio?.preSkip ?? 0;
    const samples = Math.max(0, this.granule - this.discard - preSkip);
    return { durationMs: Math.round(samples / 48), packets: this.packets, channels: this.audio?.channels ?? 0 };
  }

  private take(): Buffer[] {
    const pages = this.out;
    this.out = [];
    return pages;
  }

  private leaf(id: number, body: Buffer): void {
    switch (id) {
      case ID.docType:
        this.docType = body.toString('latin1').replace(/\0+$/, '');
        if (this.docType !== 'webm' && this.docType !== 'matroska') throw new MediaFormatError(`This recording is a ${this.docType} file, not WebM.`);
        return;
      case ID.trackNumber:
        return this.trackField({ number: readUint(body) });
      case ID.trackType:
        return this.trackField({ type: readUint(body) });
      case ID.codecId:
        return this.trackField({ codec: body.toString('latin1').replace(/\0+$/, '') });
      case ID.codecPrivate:
        return this.trackField({ codecPrivate: Buffer.from(body) });
      case ID.codecDelay:
        return this.trackField({ codecDelayNs: readUint(body) });
      case ID.samplingFrequency:
        return this.trackField({ rate: readFloat(body) });
      case ID.channels:
        return this.trackField({ channels: readUint(body) });
      case ID.simpleBlock:
      case ID.block:
        this.discard = 0;
        return this.block(body);
      case ID.discardPadding:
        // Nanoseconds of silence to drop from the end of the block before it (Opus encoders pad the last frame).
        this.discard = Math.max(0, Math.round((readInt(body) * 48_000) / 1e9));
        return;
    }
  }

  /** A field of the TrackEntry being read: a new entry starts at each TrackNumber. */
  private trackField(field: Track): void {
    if (field.number !== undefined || this.tracks.length === 0) this.tracks.push({});
    Object.assign(this.tracks.at(-1)!, field);
  }

  /** The tracks are known once the first block arrives: choose the Opus one and write the headers. */
  private begin(): void {
    if (this.tracks.some((t) => t.type === 1)) throw new MediaFormatError('This recording has video; only a voice recording (audio alone) can be sent as a voice note.');
    const track = this.tracks.find((t) => t.codec === 'A_OPUS' && t.number !== undefined);
    if (!track) {
      const codecs = this.tracks.map((t) => t.codec ?? 'unknown').join(', ');
      throw new MediaFormatError(`This recording's audio is not Opus (${codecs || 'no track'}); a voice note must be Opus.`);
    }
    const head = this.headOf(track);
    this.audio = { number: track.number!, channels: head[9]!, preSkip: head.readUInt16LE(10) };
    this.emit(PAGE_FLAG.first, 0, [head]);
    this.emit(0, 0, [opusTags(this.vendor)]);
  }

  /** Matroska's CodecPrivate of an Opus track is the OpusHead itself; when absent, one is made from the track's fields. */
  private headOf(track: Track): Buffer {
    const given = track.codecPrivate;
    if (given && given.length >= 19 && given.subarray(0, 8).toString('latin1') === 'OpusHead') {
      if (given[18] === 0 && given[9]! > 2) throw new MediaFormatError('This recording names more than two channels without a channel map.');
      return given;
    }
    if (given) throw new MediaFormatError("This recording's Opus track has an unreadable header.");
    const channels = track.channels ?? 1;
    if (channels < 1 || channels > 2) throw new MediaFormatError(`This recording has ${channels} channels; a voice note is mono or stereo.`);
    // CodecDelay is the pre-skip in nanoseconds.
    return opusHead(channels, Math.round(((track.codecDelayNs ?? 0) * 48_000) / 1e9), Math.round(track.rate ?? 48_000));
  }

  /** A Matroska block: track number, 16-bit relative timecode, flags, then one frame or several laced. */
  private block(body: Buffer): void {
    if (!this.audio) this.begin();
    const track = readVint(body, 0, false);
    if (!track || body.length < track.length + 3) throw new MediaFormatError('This recording has a damaged block.');
    if (track.value !== this.audio!.number) return;
    const flags = body[track.length + 2]!;
    for (const packet of unlace(body.subarray(track.length + 3), (flags >> 1) & 3)) this.packet(Buffer.from(packet));
  }

  private packet(packet: Buffer): void {
    if (packet.length > 254 * 255) throw new MediaFormatError('This recording has an Opus packet too large for one Ogg page.');
    if (this.pageSegments + segmentsOf(packet) > MAX_SEGMENTS || this.pageSamples >= PAGE_SAMPLES) this.flushPage(false);
    this.page.push(packet);
    this.pageSegments += segmentsOf(packet);
    const samples = opusPacketSamples(packet);
    this.pageSamples += samples;
    this.granule += samples;
    this.packets++;
  }

  private flushPage(last: boolean): void {
    if (this.page.length === 0) return;
    const granule = last ? Math.max(0, this.granule - this.discard) : this.granule;
    this.emit(last ? PAGE_FLAG.last : 0, granule, this.page);
    this.page = [];
    this.pageSegments = 0;
    this.pageSamples = 0;
  }

  private emit(flags: number, granule: number, packets: Buffer[]): void {
    this.out.push(writeOggPage({ flags, granule, serial: this.serial, sequence: this.sequence++, packets }));
  }
}

/**
 * The frames of a block by its lacing (Matroska: 0 none, 1 Xiph, 2 fixed-size, 3 EBML). Browsers
 * write one Opus packet per block; other muxers may lace several.
 */
export function unlace(data: Buffer, lacing: number): Buffer[] {
  if (lacing === 0) return [data];
  if (data.length < 1) throw new MediaFormatError('This recording has a damaged block.');
  const count = data[0]! + 1;
  let at = 1;
  const sizes: number[] = [];
  if (lacing === 2) {
    if ((data.length - 1) % count !== 0) throw new MediaFormatError('This recording has a damaged block.');
    for (let i = 0; i < count; i++) sizes.push((data.length - 1) / count);
  } else if (lacing === 1) {
    for (let i = 0; i < count - 1; i++) {
      let size = 0;
      for (let byte = 255; byte === 255; size += byte) byte = data[at++] ?? fail();
      sizes.push(size);
    }
  } else {
    for (let i = 0; i < count - 1; i++) {
      const v = readVint(data, at, false) ?? fail();
      // The first size is plain; each next one is a signed difference from the one before.
      const size = i === 0 ? v.value : sizes[i - 1]! + v.value - (2 ** (7 * v.length - 1) - 1);
      sizes.push(size);
      at += v.length;
    }
  }
  if (lacing !== 2) sizes.push(data.length - at - sizes.reduce((a, b) => a + b, 0));
  const frames: Buffer[] = [];
  for (const size of sizes) {
    if (size < 0 || at + size > data.length) fail();
    frames.push(data.subarray(at, at + size));
    at += size;
  }
  return frames;
}

function fail(): never {
  throw new MediaFormatError('This recording has a damaged block.');
}
