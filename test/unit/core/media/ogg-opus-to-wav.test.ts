import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { oggOpusToWav, WAV_RATE, wavBytesFor } from '../../../../src/core/media/ogg-opus-to-wav.ts';
import { MediaFormatError, webmToOggBuffer } from '../../../../src/core/media/webm-to-ogg.ts';

/**
 * A voice note for a platform without Ogg: the Chromium recording of the remux's test (3 s of its
 * fake microphone's beeps), remuxed to Ogg/Opus, then decoded to WAV. The WAV is read back here by
 * its chunks, as a player would.
 */
const RECORDING = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/chromium-voice.webm'));
const { ogg, summary } = webmToOggBuffer(RECORDING, { serial: 7 });

const wavOf = (pieces: Buffer[], durationMs = summary.durationMs) => buffer(oggOpusToWav(Readable.from(pieces), durationMs));

/** 20 ms windows' RMS over the PCM (0..1 of full scale). */
function loudness(pcm: Buffer): number[] {
  const window = (WAV_RATE / 1000) * 20;
  const out: number[] = [];
  for (let start = 0; start + window <= pcm.length / 2; start += window) {
    let sum = 0;
    for (let i = start; i < start + window; i++) sum += (pcm.readInt16LE(i * 2) / 0x8000) ** 2;
    out.push(Math.sqrt(sum / window));
  }
  return out;
}

describe('Ogg/Opus → WAV of a Chromium recording', () => {
  it('writes RIFF/WAVE, PCM 16-bit mono 16 kHz, exactly as long as the recording (3 s: 48,000 samples)', async () => {
    expect(summary.durationMs).toBe(3000);
    const wav = await wavOf([ogg]);
    expect(wav.length).toBe(44 + 48_000 * 2);
    expect(wav.length).toBe(wavBytesFor(3000));
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('latin1', 8, 16)).toBe('WAVEfmt ');
    expect({ size: wav.readUInt32LE(16), format: wav.readUInt16LE(20), channels: wav.readUInt16LE(22), rate: wav.readUInt32LE(24) }).toEqual({ size: 16, format: 1, channels: 1, rate: 16_000 });
    expect({ byteRate: wav.readUInt32LE(28), align: wav.readUInt16LE(32), bits: wav.readUInt16LE(34) }).toEqual({ byteRate: 32_000, align: 2, bits: 16 });
    expect(wav.toString('latin1', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(96_000);
  });

  it('holds the recording: beeps and the quiet between them, as the microphone made them', async () => {
    const rms = loudness((await wavOf([ogg])).subarray(44));
    const loud = rms.filter((r) => r > 0.05).length;
    const quiet = rms.filter((r) => r < 0.005).length;
    // Chromium's fake microphone beeps for part of every second: both kinds of window exist, and neither is all of it.
    expect(loud).toBeGreaterThan(10);
    expect(quiet).toBeGreaterThan(10);
    expect(loud + quiet).toBeLessThanOrEqual(rms.length);
  });

  it('gives the same file whether the Ogg arrives whole or in 7-byte pieces', async () => {
    const pieces: Buffer[] = [];
    for (let at = 0; at < ogg.length; at += 7) pieces.push(ogg.subarray(at, at + 7));
    expect((await wavOf(pieces)).equals(await wavOf([ogg]))).toBe(true);
  });

  it('refuses what is not Ogg/Opus, a file cut inside a page, and a length of zero', async () => {
    await expect(wavOf([RECORDING])).rejects.toThrow(MediaFormatError);
    await expect(wavOf([ogg.subarray(0, ogg.length - 10)])).rejects.toThrow(/ends inside an Ogg page/);
    expect(() => oggOpusToWav(Readable.from([ogg]), 0)).toThrow(MediaFormatError);
  });
});
