import { audioFormat, type AudioFormat } from '../state/audio-format.ts';
import type { GraphErrorSpec } from '../meta/graph/errors.ts';

/**
 * Instagram fetches an attachment's `payload.url` before it answers the send, and plays audio only
 * as AAC, M4A, WAV or MP4 (FACTS 3.3; Chatwoot's "Instagram voice record option is not working":
 * its WebM and Ogg recordings were refused). A URL it cannot fetch, or audio in another format, is
 * the Send API's attachment failure (code 100, subcode 2018047, "Upload attachment failure.",
 * the answer Meta gives for an attachment it could not take; the exact text for a wrong audio
 * format is not documented).
 */
const PLAYS: readonly AudioFormat[] = ['wav', 'aac', 'mp4'];
const FAILURE: GraphErrorSpec = { code: 100, subcode: 2018047, message: '(#100) Upload attachment failure.' };

export async function instagramAudioRefusal(url: string): Promise<GraphErrorSpec | undefined> {
  let bytes: Buffer;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return FAILURE;
    bytes = Buffer.from(await res.arrayBuffer());
  } catch {
    return FAILURE;
  }
  return PLAYS.includes(audioFormat(bytes)) ? undefined : FAILURE;
}
