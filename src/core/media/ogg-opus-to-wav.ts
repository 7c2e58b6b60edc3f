import { Readable } from 'node:stream';
import { OpusDecoder } from 'opus-decoder';
import { MediaFormatError } from './webm-to-ogg.ts';

/**
 * An Ogg/Opus voice note decoded to WAV (16-bit PCM, mono, 16 kHz) for platforms that take no
 * Ogg (Instagram: AAC, M4A, WAV or MP4 audio, FACTS 3.3). Opus has to be decoded for that; the
 * decoder is libopus compiled to WebAssembly (`opus-decoder`, no binary to install). 16 kHz is
 * Opus's own wideband speech rate, so a voice loses nothing a phone would play, and a minute is
 * 1.9 MB. The length is known before the first byte (the caller has the remux's summary), so
 * the header is written first and the file streams through the media store like any other:
 * packets are decoded one Ogg page at a time and never held whole.
 */

export const WAV_RATE = 16_000;
const HEADER_BYTES = 44;

/** The WAV's size for a voice note of `durationMs`: what a platform's cap is checked against before decoding. */
export function wavBytesFor(durationMs: number): number {
  return HEADER_BYTES + samplesFor(durationMs) * 2;
}

const samplesFor = (durationMs: number): number => Math.round((durationMs * WAV_RATE) / 1000);

/** RIFF/WAVE with one `fmt ` (PCM, mono, 16 bits) and one `data` chunk of `samples` samples. */
export function wavHeader(samples: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + samples * 2, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(WAV_RATE, 24);
  h.writeUInt32LE(WAV_RATE * 2, 28); // bytes per second
  h.writeUInt16LE(2, 32); // bytes per frame
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(samples * 2, 40);
  return h;
}

/** Ogg pages as they arrive; each page's completed packets (RFC 3533: a lacing value under 255 ends one). */
async function* oggPackets(ogg: AsyncIterable<Buffer>): AsyncGenerator<Buffer[]> {
  let pending: Buffer = Buffer.alloc(0);
  let open: Buffer[] = [];
  for await (const chunk of ogg) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 27) break;
      if (pending.toString('latin1', 0, 4) !== 'OggS') throw new MediaFormatError('This voice note is not an Ogg file.');
      const count = pending[26]!;
      if (pending.length < 27 + count) break;
      const lacing = pending.subarray(27, 27 + count);
      const length = 27 + count + lacing.reduce((a, b) => a + b, 0);
      if (pending.length < length) break;
      const packets: Buffer[] = [];
      let at = 27 + count;
      for (const size of lacing) {
        open.push(pending.subarray(at, at + size));
        at += size;
        if (size < 255) {
          packets.push(Buffer.concat(open));
          open = [];
        }
      }
      pending = pending.subarray(length);
      yield packets;
    }
  }
  if (pending.length > 0 || open.length > 0) throw new MediaFormatError('This voice note ends inside an Ogg page.');
}

/** Float samples of every channel averaged into one, as 16-bit little-endian PCM. */
function toPcm(channels: Float32Array[], count: number): Buffer {
  const out = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (const channel of channels) sum += channel[i] ?? 0;
    const v = Math.max(-1, Math.min(1, sum / channels.length));
    out.writeInt16LE(Math.round(v < 0 ? v * 0x8000 : v * 0x7fff), i * 2);
  }
  return out;
}

async function* wavChunks(ogg: AsyncIterable<Buffer>, durationMs: number): AsyncGenerator<Buffer> {
  const total = samplesFor(durationMs);
  yield wavHeader(total);
  let written = 0;
  let decoder: OpusDecoder<typeof WAV_RATE> | undefined;
  let headers = 0;
  try {
    for await (const packets of oggPackets(ogg)) {
      for (const packet of packets) {
        if (headers < 2) {
          // OpusHead, then OpusTags (RFC 7845 §5): the decoder is made from the first.
          if (headers === 0) decoder = await decoderFor(packet);
          headers++;
          continue;
        }
        const decoded = decoder!.decodeFrame(packet);
        // The last page's granule position ends the stream before its last frame does (end trimming): stop at the length.
        const count = Math.min(decoded.samplesDecoded, total - written);
        if (count > 0) yield toPcm(decoded.channelData, count);
        written += Math.max(0, count);
      }
    }
  } finally {
    decoder?.free();
  }
  if (headers < 2) throw new MediaFormatError('This voice note has no Opus headers.');
  // Never shorter than the header says: a stream that decodes short is padded with silence.
  if (written < total) yield Buffer.alloc((total - written) * 2);
}

async function decoderFor(head: Buffer): Promise<OpusDecoder<typeof WAV_RATE>> {
  if (head.length < 19 || head.toString('latin1', 0, 8) !== 'OpusHead') throw new MediaFormatError('This voice note is not Ogg/Opus.');
  const channels = head[9]!;
  if (channels < 1 || channels > 2 || head[18] !== 0) throw new MediaFormatError('Only mono or stereo voice notes can be converted.');
  const decoder = new OpusDecoder({ sampleRate: WAV_RATE, channels, preSkip: head.readUInt16LE(10) });
  await decoder.ready;
  return decoder;
}

/** The WAV of an Ogg/Opus stream `durationMs` long (the remux's summary or readOggOpus said so). */
export function oggOpusToWav(ogg: Readable, durationMs: number): Readable {
  if (!(durationMs > 0)) throw new MediaFormatError('This voice note has no length.');
  return Readable.from(wavChunks(ogg, durationMs));
}
