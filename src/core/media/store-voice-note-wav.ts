import { Readable } from 'node:stream';
import { AppError } from '../errors/app-error.ts';
import type { MediaMeta, MediaStore, PutResult } from './media-store.ts';
import { readOggOpus } from './ogg-opus-reader.ts';
import { oggOpusToWav, wavBytesFor } from './ogg-opus-to-wav.ts';
import { megabytes, UPLOAD_MAX_BYTES } from './upload-policy.ts';
import { MediaFormatError } from './webm-to-ogg.ts';

/**
 * A voice note already stored as Ogg/Opus, stored again as WAV for a platform that takes no Ogg
 * (the composer asks with `POST /api/v1/uploads?as=audio/wav`). The Ogg is read back from the
 * store rather than decoded as it arrives because a WAV's header holds its length, which only the
 * end of the recording tells; the Ogg is removed once the WAV is kept. A recording whose WAV
 * would pass snorq's upload cap (about 13 minutes) is refused before anything is decoded.
 */
export async function storeVoiceNoteAsWav(store: MediaStore, ogg: PutResult, durationMs: number, meta: MediaMeta): Promise<PutResult> {
  try {
    return await storeOggAsWav(store, ogg.storageKey, durationMs, meta);
  } finally {
    await store.remove(ogg.storageKey);
  }
}

/** The WAV copy of the stored Ogg/Opus file `storageKey`, which stays as it is. */
async function storeOggAsWav(store: MediaStore, storageKey: string, durationMs: number, meta: MediaMeta): Promise<PutResult> {
  const opened = await store.open(storageKey);
  if (!opened) throw new Error(`the voice note ${storageKey} vanished before it was converted`);
  return putWav(store, opened.stream, durationMs, meta);
}

/** Decode `ogg` into a new stored WAV file; one whose WAV would pass the upload cap (about 13 minutes) is refused before decoding. */
async function putWav(store: MediaStore, ogg: Readable, durationMs: number, meta: MediaMeta): Promise<PutResult> {
  if (wavBytesFor(durationMs) > UPLOAD_MAX_BYTES) {
    ogg.destroy();
    const minutes = Math.floor(((UPLOAD_MAX_BYTES - 44) / 2 / 16_000 / 60) * 10) / 10;
    throw new AppError('PAYLOAD_TOO_LARGE', `As WAV, a voice note may be at most ${megabytes(UPLOAD_MAX_BYTES)} (about ${minutes} minutes).`);
  }
  return store.put(oggOpusToWav(ogg, durationMs), { ...meta, mimeType: 'audio/wav' }).catch((err: unknown) => {
    // A recording the decoder cannot read is the client's file, not snorq's fault.
    throw err instanceof MediaFormatError ? new AppError('UNSUPPORTED_MEDIA_TYPE', err.message) : err;
  });
}

/**
 * A stored Ogg/Opus file of any origin (a customer's voice note from another platform, being
 * forwarded) as a new WAV file, its length read from the file itself. Voice notes are small, so
 * the Ogg is read whole once to be checked (readOggOpus) before anything is decoded.
 */
export async function copyStoredOggAsWav(store: MediaStore, storageKey: string, meta: MediaMeta): Promise<PutResult> {
  const opened = await store.open(storageKey);
  if (!opened) throw new AppError('UNPROCESSABLE', 'the voice note is no longer stored in snorq, so it cannot be converted');
  if (opened.size > UPLOAD_MAX_BYTES) {
    opened.stream.destroy();
    throw new AppError('PAYLOAD_TOO_LARGE', `this audio file is larger than ${megabytes(UPLOAD_MAX_BYTES)}; it cannot be converted to WAV`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const read = readOggOpus(bytes);
  if (!read.ok) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `this Ogg file is not an Opus voice note (${read.reason}), so it cannot be converted to WAV`);
  return putWav(store, Readable.from([bytes]), read.info.durationMs, meta);
}
