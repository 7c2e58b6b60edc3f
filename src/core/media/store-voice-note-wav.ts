import { AppError } from '../errors/app-error.ts';
import type { MediaMeta, MediaStore, PutResult } from './media-store.ts';
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
    if (wavBytesFor(durationMs) > UPLOAD_MAX_BYTES) {
      const minutes = Math.floor(((UPLOAD_MAX_BYTES - 44) / 2 / 16_000 / 60) * 10) / 10;
      throw new AppError('PAYLOAD_TOO_LARGE', `As WAV, a voice note may be at most ${megabytes(UPLOAD_MAX_BYTES)} (about ${minutes} minutes).`);
    }
    const opened = await store.open(ogg.storageKey);
    if (!opened) throw new Error(`the voice note ${ogg.storageKey} vanished before it was converted`);
    return await store.put(oggOpusToWav(opened.stream, durationMs), { ...meta, mimeType: 'audio/wav' }).catch((err: unknown) => {
      // A recording the decoder cannot read is the client's file, not snorq's fault.
      throw err instanceof MediaFormatError ? new AppError('UNSUPPORTED_MEDIA_TYPE', err.message) : err;
    });
  } finally {
    await store.remove(ogg.storageKey);
  }
}
