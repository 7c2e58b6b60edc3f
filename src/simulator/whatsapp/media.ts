import { whatsappCdnUrl } from './cdn.ts';
import { fail, ok, type GraphCall } from '../meta/graph/call.ts';
import { graphErrors, type GraphErrorSpec } from '../meta/graph/errors.ts';
import { graphNumericId } from '../ids.ts';
import { sha256Hex, type StoredMedia } from '../state/media.ts';
import type { MultipartBody } from '../server.ts';
import { audioFormat } from '../state/audio-format.ts';
import type { SimAccount } from '../types.ts';

/**
 * WhatsApp media (FACTS 4.5): upload `POST /{PHONE_NUMBER_ID}/media` (multipart: file, type,
 * messaging_product) → `{id}`; `GET /{MEDIA_ID}` → a 5-minute URL that needs the Bearer token too;
 * `DELETE /{MEDIA_ID}`. The multipart body is parsed with the platform's own Request.formData().
 */

const LIMITS: Record<string, number> = { image: 5 << 20, video: 16 << 20, audio: 16 << 20, document: 100 << 20, sticker: 500 << 10 };
const TYPES: Record<string, string> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'sticker',
  'video/mp4': 'video',
  'video/3gpp': 'video',
  'audio/aac': 'audio',
  'audio/amr': 'audio',
  'audio/mpeg': 'audio',
  'audio/mp4': 'audio',
  'audio/ogg': 'audio',
  'application/pdf': 'document',
  'text/plain': 'document',
  'application/msword': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.ms-excel': 'document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'document',
  'application/vnd.ms-powerpoint': 'document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'document',
};

const waError = (code: number, message: string, details: string): GraphErrorSpec => ({ code, message: `(#${code}) ${message}`, details, whatsapp: true });

/**
 * Audio WhatsApp would not play: a type off its list (a browser's `audio/webm` or `audio/opus`
 * recording), or OGG that is not Opus ("OGG must be Opus", FACTS 4.5). The wording is Cloud API's
 * 131053 details as integrations log them ("Unsupported Audio mime type audio/opus. Please use one
 * of audio/ogg; codecs=opus, audio/mpeg, audio/amr, audio/mp4, audio/aac.").
 */
export function audioRefusal(mimeType: string, bytes: Buffer): string | undefined {
  const refuse = (type: string) => `Unsupported Audio mime type ${type}. Please use one of audio/ogg; codecs=opus, audio/mpeg, audio/amr, audio/mp4, audio/aac.`;
  if (!TYPES[mimeType]) return refuse(mimeType);
  if (mimeType !== 'audio/ogg') return undefined;
  const format = audioFormat(bytes);
  return format === 'ogg/opus' ? undefined : refuse(`audio/ogg; codecs=${format.startsWith('ogg/') ? format.slice(4) : format}`);
}

export function uploadMedia(call: GraphCall, account: SimAccount): unknown {
  const body = call.req.simBody;
  if (!body || typeof body !== 'object' || !('files' in body)) return fail(call, graphErrors.param('The parameter file is required.', { whatsapp: true }));
  const form = body as MultipartBody;
  if (form.fields.messaging_product !== 'whatsapp') return fail(call, graphErrors.param('The parameter messaging_product is required.', { whatsapp: true }));
  const file = form.files.find((f) => f.field === 'file');
  if (!file) return fail(call, graphErrors.param('The parameter file is required.', { whatsapp: true }));
  const mimeType = (form.fields.type ?? file.contentType ?? '').split(';')[0]?.trim() ?? '';
  const kind = TYPES[mimeType] ?? (mimeType.startsWith('audio/') ? 'audio' : undefined);
  if (kind === 'audio') {
    const refused = audioRefusal(mimeType, file.bytes);
    if (refused) return fail(call, waError(131053, 'Media upload error', refused));
  }
  if (!kind)
    return fail(call, waError(131053, 'Media upload error', `Param file must be a file with one of the following types: ${Object.keys(TYPES).join(', ')}. Received file of type '${mimeType}'.`));
  const limit = LIMITS[kind] ?? 0;
  if (file.bytes.length > limit) return fail(call, waError(131053, 'Media upload error', `${kind} file size exceeds the limit of ${limit} bytes.`));
  if (file.bytes.length === 0) return fail(call, waError(131053, 'Media upload error', 'The uploaded file is empty.'));
  const media = call.ctx.media.add({ id: graphNumericId(), platform: 'whatsapp', accountId: account.accountId, bytes: file.bytes, mimeType, filename: file.filename, createdAt: call.ctx.now() });
  return ok(call, { id: media.id });
}

export function handleMediaNode(call: GraphCall, media: StoredMedia, account: SimAccount): unknown {
  if (call.edge) return fail(call, graphErrors.unknownPath(`/${call.edge}`));
  if (call.method === 'DELETE') {
    call.ctx.media.delete(media.id);
    return ok(call, { success: true });
  }
  if (call.method !== 'GET') return fail(call, graphErrors.unsupported(call.method, call.id));
  const pnid = call.params.phone_number_id;
  if (typeof pnid === 'string' && pnid !== account.accountId) {
    return fail(call, waError(100, 'Invalid parameter', `Media ${media.id} does not belong to phone number ${pnid}.`));
  }
  return ok(call, {
    messaging_product: 'whatsapp',
    url: whatsappCdnUrl(call.ctx, media),
    mime_type: media.mimeType,
    sha256: sha256Hex(media.bytes),
    file_size: String(media.bytes.length),
    id: media.id,
  });
}
