import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { readOggOpus } from '../../../../src/core/media/ogg-opus-reader.ts';
import { oggCrc, opusPacketSamples } from '../../../../src/core/media/ogg-pages.ts';
import { MediaFormatError, unlace, webmToOgg, webmToOggBuffer } from '../../../../src/core/media/webm-to-ogg.ts';

/**
 * The fixture is a real recording: 3 s of Chromium 156's fake microphone (its beeps), recorded by
 * MediaRecorder (`audio/webm;codecs=opus`, timeslice 1 s) in headless Chromium started with
 * --use-fake-ui-for-media-stream --use-fake-device-for-media-stream. Its Segment and Clusters have
 * unknown sizes and it carries no Duration, as every MediaRecorder file does. Chromium decoded the
 * remuxed Ogg to the same 144,000 samples, with the same energy, as the WebM (checked when the
 * fixture was made; the browser test plays the Ogg snorq stored).
 */
const FIXTURE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/chromium-voice.webm'));

/** Pages of an Ogg file, read here without the reader under test: offset, flags, granule, sequence, body size. */
function pagesOf(ogg: Buffer) {
  const pages: Array<{ at: number; flags: number; granule: bigint; sequence: number; bodySize: number; segments: number[] }> = [];
  for (let at = 0; at < ogg.length;) {
    expect(ogg.toString('latin1', at, at + 4)).toBe('OggS');
    const count = ogg[at + 26]!;
    const segments = [...ogg.subarray(at + 27, at + 27 + count)];
    const bodySize = segments.reduce((a, b) => a + b, 0);
    pages.push({ at, flags: ogg[at + 5]!, granule: ogg.readBigInt64LE(at + 6), sequence: ogg.readUInt32LE(at + 18), bodySize, segments });
    at += 27 + count + bodySize;
  }
  return pages;
}

describe('WebM/Opus → Ogg/Opus remux of a Chromium recording', () => {
  const { ogg, summary } = webmToOggBuffer(FIXTURE, { serial: 0x5eed });

  it('writes a valid Ogg/Opus stream: CRCs, page numbers, OpusHead, OpusTags, first and last marks', () => {
    const read = readOggOpus(ogg);
    expect(read).toMatchObject({ ok: true, info: { channels: 1, inputRate: 48_000, vendor: 'snorq' } });
    const pages = pagesOf(ogg);
    expect(pages.map((p) => p.sequence)).toEqual(pages.map((_, i) => i));
    expect(pages[0]!.flags).toBe(2);
    expect(pages.at(-1)!.flags).toBe(4);
    expect(ogg.toString('latin1', pages[0]!.at + 28, pages[0]!.at + 36)).toBe('OpusHead');
    expect(ogg.toString('latin1', pages[1]!.at + 28, pages[1]!.at + 36)).toBe('OpusTags');
    for (const page of pages) {
      const raw = Buffer.from(ogg.subarray(page.at, page.at + 27 + page.segments.length + page.bodySize));
      const crc = raw.readUInt32LE(22);
      raw.writeUInt32LE(0, 22);
      expect(oggCrc(raw)).toBe(crc);
    }
  });

  it('keeps its length: 3 s recorded, 3 s in the granule positions, a page per second', () => {
    expect(summary.durationMs).toBeGreaterThanOrEqual(2_900);
    expect(summary.durationMs).toBeLessThanOrEqual(3_100);
    const read = readOggOpus(ogg);
    expect(read.ok && read.info.durationMs).toBe(summary.durationMs);
    const granules = pagesOf(ogg).map((p) => Number(p.granule));
    expect(granules.slice(0, 2)).toEqual([0, 0]);
    for (let i = 3; i < granules.length; i++) expect(granules[i]).toBeGreaterThan(granules[i - 1]!);
    expect(granules.at(-1)).toBe(Math.round(summary.durationMs * 48));
  });

  it('moves every Opus packet, byte for byte', () => {
    // Walked here without the remuxer: each Cluster (unknown size, 8 size bytes as Chromium writes
    // it) holds a Timecode and SimpleBlocks (0xA3) of track 1 (0x81), timecode, flags, one packet.
    const blocks: Buffer[] = [];
    for (let at = FIXTURE.indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75])); at < FIXTURE.length;) {
      if (FIXTURE.readUInt32BE(at) === 0x1f43b675) {
        at += 12;
        continue;
      }
      const long = (FIXTURE[at + 1]! & 0x80) === 0;
      const size = long ? ((FIXTURE[at + 1]! & 0x3f) << 8) | FIXTURE[at + 2]! : FIXTURE[at + 1]! & 0x7f;
      const body = FIXTURE.subarray(at + (long ? 3 : 2), at + (long ? 3 : 2) + size);
      if (FIXTURE[at] === 0xa3) {
        expect([body[0], body[3]]).toEqual([0x81, 0x80]);
        blocks.push(body.subarray(4));
      }
      at += (long ? 3 : 2) + size;
    }
    expect(blocks.length).toBe(summary.packets);
    const audio = Buffer.concat(blocks);
    const pages = pagesOf(ogg).slice(2);
    const bodies = Buffer.concat(pages.map((p) => ogg.subarray(p.at + 27 + p.segments.length, p.at + 27 + p.segments.length + p.bodySize)));
    expect(bodies.equals(audio)).toBe(true);
  });

  it('streams: fed in 7-byte pieces it writes the same file', async () => {
    const pieces = Array.from({ length: Math.ceil(FIXTURE.length / 7) }, (_, i) => FIXTURE.subarray(i * 7, i * 7 + 7));
    const remux = webmToOgg({ serial: 0x5eed });
    const out = await buffer(Readable.from(pieces).pipe(remux));
    expect(out.equals(ogg)).toBe(true);
    expect(remux.summary()).toEqual(summary);
  });

  it('the reader refuses a damaged file: a flipped byte (CRC), pages out of order, a cut end', () => {
    const flipped = Buffer.from(ogg);
    flipped[flipped.length - 10]! ^= 0x01;
    expect(readOggOpus(flipped)).toMatchObject({ ok: false, reason: expect.stringMatching(/CRC/) });
    const pages = pagesOf(ogg);
    const slice = (i: number) => ogg.subarray(pages[i]!.at, i + 1 < pages.length ? pages[i + 1]!.at : ogg.length);
    const swapped = Buffer.concat([slice(0), slice(1), slice(3), slice(2), ...pages.slice(4).map((_, i) => slice(i + 4))]);
    expect(readOggOpus(swapped)).toMatchObject({ ok: false, reason: expect.stringMatching(/numbered/) });
    expect(readOggOpus(ogg.subarray(0, pages.at(-1)!.at))).toMatchObject({ ok: false, reason: expect.stringMatching(/last/) });
  });
});

describe('what the remuxer refuses', () => {
  const refusal = (bytes: Buffer) => {
    try {
      webmToOggBuffer(bytes);
    } catch (err) {
      expect(err).toBeInstanceOf(MediaFormatError);
      return (err as Error).message;
    }
    throw new Error('not refused');
  };

  it('a file that is not WebM', () => {
    expect(refusal(webmToOggBuffer(FIXTURE).ogg)).toMatch(/not a WebM file/);
  });

  it('a recording cut in the middle of a block', () => {
    expect(refusal(FIXTURE.subarray(0, FIXTURE.length - 5))).toMatch(/cut short/);
  });

  it('audio that is not Opus', () => {
    const vorbis = Buffer.from(FIXTURE);
    const at = vorbis.indexOf('A_OPUS', 0, 'latin1');
    vorbis.write('A_VORB', at, 'latin1');
    expect(refusal(vorbis)).toMatch(/not Opus \(A_VORB\)/);
  });

  it('a recording with video', () => {
    const video = Buffer.from(FIXTURE);
    // TrackType (0x83, size 1) of the one track: 2 (audio) → 1 (video).
    const at = video.indexOf(Buffer.from([0x83, 0x81, 0x02]));
    video[at + 2] = 1;
    expect(refusal(video)).toMatch(/has video/);
  });
});

describe('Opus packet lengths and Matroska lacing', () => {
  it('counts samples from the TOC byte (RFC 6716 3.1)', () => {
    expect(opusPacketSamples(Buffer.from([(31 << 3) | 0]))).toBe(960); // CELT 20 ms, one frame
    expect(opusPacketSamples(Buffer.from([(3 << 3) | 1]))).toBe(2 * 2880); // SILK 60 ms, two frames
    expect(opusPacketSamples(Buffer.from([(13 << 3) | 3, 3]))).toBe(3 * 960); // hybrid 20 ms, three frames (code 3)
    expect(opusPacketSamples(Buffer.from([(16 << 3) | 2]))).toBe(2 * 120); // CELT 2.5 ms, two frames
  });

  it('unlaces Xiph, fixed-size and EBML lacing', () => {
    const a = Buffer.alloc(300, 1);
    const b = Buffer.alloc(2, 2);
    const c = Buffer.alloc(5, 3);
    expect(unlace(Buffer.concat([Buffer.from([2, 255, 45, 2]), a, b, c]), 1)).toEqual([a, b, c]);
    expect(unlace(Buffer.concat([Buffer.from([1]), c, c]), 2)).toEqual([c, c]);
    // EBML: 300 as a 2-byte number (0x4000 | 300), then 2 - 300 = -298 as a signed 2-byte difference (+8191).
    const second = 0x4000 | (-298 + 8191);
    expect(unlace(Buffer.concat([Buffer.from([2, 0x41, 0x2c, second >> 8, second & 0xff]), a, b, c]), 3)).toEqual([a, b, c]);
    expect(() => unlace(Buffer.from([1, 1, 2, 3]), 2)).toThrow(MediaFormatError);
  });
});
