import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { fetchBytes } from '../http/fetch-bytes.ts';
import { failed, parseBody, parseJson, platformEvidence, unreadable, type Outcome } from '../http/outcome.ts';
import { sendInParts } from '../http/send-in-parts.ts';
import { readText, retryAfterHeader, timedFetch } from '../http/timed-fetch.ts';
import type { OutboundMedia, OutboundMessage, PlatformCallContext, PlatformFailure, SendResult } from '../types.ts';
import type { ChannelApi } from '../channel-definition.ts';
import { describeLimit, fitsLimit } from '../../text/text-limits.ts';
import { tiktokPolicy } from './policy.ts';

/**
 * TikTok Business Messaging API (FACTS 6.3-6.5): `{tiktok}/open_api/v1.3/business/...` (paths end
 * with `/`), header `Access-Token` (not Bearer). Every answer is HTTP 200 with `{code, message,
 * request_id, data}`; a non-zero `code` is a failure. The call context's accountId is the
 * business id (the OAuth `open_id`).
 */

/** TikTok's API version, pinned here only (FACTS 0). */
export const TIKTOK_API_VERSION = 'v1.3';
/** FACTS 6.3: images only, JPG/PNG ≤ 3 MB. */
const IMAGE_MAX_BYTES = 3 * 1_048_576;
const IMAGE_TYPES = ['image/jpeg', 'image/png'];

const intLike = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const EnvelopeSchema = z.looseObject({ code: intLike, message: z.string().optional(), request_id: z.string().optional(), data: z.unknown().optional() });
const SendDataSchema = z.looseObject({ message: z.looseObject({ message_id: z.string().min(1) }) });
const UploadDataSchema = z.looseObject({ media_id: z.string().min(1) });

function accessToken(call: PlatformCallContext): string {
  if (call.credentials.platform !== 'tiktok') throw new Error(`TikTok API called with ${call.credentials.platform} credentials`);
  return call.credentials.accessToken;
}

/** One TikTok call: unwraps the envelope, so `data` is only ever returned for `code: 0`. */
async function tiktokRequest(call: PlatformCallContext, apiPath: string, body: { json: unknown } | { form: FormData }): Promise<Outcome<unknown>> {
  const url = `${call.urls.tiktok.replace(/\/+$/, '')}/open_api/${TIKTOK_API_VERSION}/${apiPath}`;
  const headers: Record<string, string> = { 'access-token': accessToken(call), accept: 'application/json' };
  if ('json' in body) headers['content-type'] = 'application/json';
  const sent = await timedFetch(call, url, { method: 'POST', headers, body: 'json' in body ? JSON.stringify(body.json) : body.form }, 'TikTok');
  if (!sent.ok) return sent;
  const text = await readText(sent.res, call, 'TikTok');
  if (!text.ok) return text;
  const envelope = EnvelopeSchema.safeParse(parseJson(text.value));
  const { status, headers: resHeaders } = sent.res;
  if (!envelope.success) return failed(status >= 400 ? tiktokFailure(undefined, undefined, status, resHeaders) : unreadable('TikTok', status));
  if (envelope.data.code !== 0) return failed(tiktokFailure(envelope.data.code, envelope.data.message, status, resHeaders));
  if (!sent.res.ok) return failed(tiktokFailure(undefined, envelope.data.message, status, resHeaders));
  return { ok: true, value: envelope.data.data };
}

/** TikTok `code` (or, without one, the HTTP status) → PlatformFailure (FACTS 6.3, 6.4, 7.30). */
export function tiktokFailure(code: number | undefined, message: string | undefined, status: number, headers: Headers): PlatformFailure {
  const platformCode = code === undefined ? `http_${status}` : String(code);
  const fail = (f: Omit<PlatformFailure, 'platformCode'>): PlatformFailure => ({ ...f, platformCode, ...platformEvidence(code, message) });
  const retryAfterMs = retryAfterHeader(headers);
  const later = retryAfterMs === undefined ? {} : { retryAfterMs };

  if (code === 40105 || (code === undefined && status === 401)) {
    return fail({
      code: 'TOKEN_EXPIRED',
      reason: "TikTok rejected the channel's access token (invalid or expired); it must be refreshed or the channel reconnected.",
      retryable: false,
      tokenInvalid: true,
    });
  }
  if (code === 40100 || (code === undefined && status === 429)) {
    return fail({ code: 'RATE_LIMITED', reason: 'TikTok is rate-limiting this app.', retryable: true, ...later });
  }
  if (code === 40064) {
    // One code covers the 48 h window, the 10-messages-per-window cap and "sending too fast" (FACTS 6.3, 6.4).
    return fail({
      code: 'WINDOW_CLOSED',
      reason: "TikTok's messaging rules blocked this message: the 48-hour reply window has closed or the 10-message limit for this window is reached. Wait for the customer to write again.",
      retryable: false,
    });
  }
  if (code === 40007) {
    return fail({ code: 'INVALID_RECIPIENT', reason: 'TikTok could not find this conversation.', retryable: false });
  }
  if (code === 40001) {
    return fail({ code: 'PERMISSION_MISSING', reason: 'The TikTok connection lacks the messaging permission (scope); reconnect the channel and grant it.', retryable: false });
  }
  if ((code !== undefined && code >= 50000 && code <= 59999) || (code === undefined && status >= 500)) {
    return fail({ code: 'PLATFORM_UNAVAILABLE', reason: 'TikTok had a temporary problem.', retryable: true, ...later });
  }
  return fail({ code: 'UNKNOWN_PLATFORM_ERROR', reason: message ? `TikTok rejected the request: ${message}` : `TikTok rejected the request (HTTP ${status}).`, retryable: false });
}

const local = (code: PlatformFailure['code'], reason: string): SendResult => failed({ code, reason, retryable: false, platformCode: 'local_check' });

async function sendContent(call: PlatformCallContext, conversationId: string, content: Record<string, unknown>): Promise<SendResult> {
  const res = await tiktokRequest(call, 'business/message/send/', {
    json: { business_id: call.accountId, recipient_type: 'CONVERSATION', recipient: conversationId, ...content },
  });
  if (!res.ok) return res;
  const parsed = parseBody(SendDataSchema, res.value, 'TikTok');
  return parsed.ok ? { ok: true, externalId: parsed.value.message.message_id } : parsed;
}

const imageTooLarge: PlatformFailure = { code: 'MEDIA_UPLOAD_FAILED', reason: 'TikTok only accepts images up to 3 MB.', retryable: false, platformCode: 'local_check' };

/** The image's bytes: snorq's local file, else its own media URL. */
async function imageBytes(call: PlatformCallContext, media: OutboundMedia): Promise<Outcome<Buffer>> {
  if (media.localPath) {
    try {
      return { ok: true, value: await readFile(media.localPath) };
    } catch {
      return failed({ code: 'MEDIA_UPLOAD_FAILED', reason: 'snorq could not read the image file to upload it.', retryable: false, platformCode: 'local_file' });
    }
  }
  // snorq's own signed media URL: no reason to leave its origin.
  const own = new URL(media.url);
  const got = await fetchBytes(call, own, { platform: 'snorq', allowHost: (u) => u.origin === own.origin, secretHeaders: {}, maxBytes: IMAGE_MAX_BYTES });
  if (got.ok && got.value.status === 200) return { ok: true, value: got.value.bytes };
  if (!got.ok && got.failure.platformCode === 'too_large') return failed(imageTooLarge);
  const why = got.ok ? `HTTP ${got.value.status}` : got.failure.reason;
  return failed({ code: 'MEDIA_UPLOAD_FAILED', reason: `snorq could not read the image to upload it (${why}).`, retryable: !got.ok && got.failure.retryable, platformCode: 'local_file' });
}

/** `POST business/message/media/upload/` multipart `business_id`, `media_type=IMAGE`, `file` → `data.media_id` (FACTS 6.3). */
export async function uploadImage(call: PlatformCallContext, media: OutboundMedia): Promise<Outcome<string>> {
  const mime = media.mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (media.type !== 'image' || !IMAGE_TYPES.includes(mime)) {
    return failed({ code: 'MEDIA_UPLOAD_FAILED', reason: 'TikTok only accepts JPG or PNG images as attachments.', retryable: false, platformCode: 'local_check' });
  }
  const bytes = await imageBytes(call, media);
  if (!bytes.ok) return bytes;
  if (bytes.value.length > IMAGE_MAX_BYTES) return failed(imageTooLarge);
  const form = new FormData();
  form.set('business_id', call.accountId);
  form.set('media_type', 'IMAGE');
  // A file read from disk is never backed by a SharedArrayBuffer, which is all Blob refuses.
  form.set(
    'file',
    new Blob([bytes.value as Uint8Array<ArrayBuffer>], { type: mime }),
    media.filename ?? (media.localPath ? path.basename(media.localPath) : `image.${mime === 'image/png' ? 'png' : 'jpg'}`),
  );
  const res = await tiktokRequest(call, 'business/message/media/upload/', { form });
  if (!res.ok) {
    const f = res.failure;
    return f.code === 'UNKNOWN_PLATFORM_ERROR' ? failed({ ...f, code: 'MEDIA_UPLOAD_FAILED', reason: `TikTok refused the image upload. ${f.reason}` }) : res;
  }
  const parsed = parseBody(UploadDataSchema, res.value, 'TikTok');
  return parsed.ok ? { ok: true, value: parsed.value.media_id } : parsed;
}

/**
 * Sends to a conversation (FACTS 6.3). No templates and no tags exist: nothing can be sent
 * outside the 48 h window (6.4). An image has no caption, so image + text is two messages;
 * both count toward TikTok's 10-message cap.
 */
async function send(call: PlatformCallContext, message: OutboundMessage): Promise<SendResult> {
  const { text, media } = message;
  const conversationId = message.conversationId ?? message.recipientId;
  if (message.template) return local('TEMPLATE_INVALID', 'TikTok has no message templates; a reply is only possible while the customer’s 48-hour window is open.');
  if (!text && !media) throw new Error('TikTok send needs text or media');
  if (text && !fitsLimit(tiktokPolicy.textLimit, text)) return local('MESSAGE_TOO_LONG', `The text is longer than TikTok allows (${describeLimit(tiktokPolicy.textLimit)}); shorten or split it.`);
  const quote = message.replyToExternalId ? { referenced_message_info: { referenced_message_id: message.replyToExternalId } } : {};
  const parts: Array<() => Promise<SendResult>> = [];
  if (media) {
    if (media.type !== 'image') return local('MEDIA_UPLOAD_FAILED', 'TikTok only accepts images as attachments (no video, audio or files).');
    parts.push(async () => {
      const uploaded = await uploadImage(call, media);
      if (!uploaded.ok) return uploaded;
      return sendContent(call, conversationId, { message_type: 'IMAGE', image: { media_id: uploaded.value }, ...quote });
    });
  }
  if (text) {
    const first = parts.length === 0;
    parts.push(() => sendContent(call, conversationId, { message_type: 'TEXT', text: { body: text }, ...(first && quote) }));
  }
  return sendInParts(parts);
}

/**
 * No `interactive`: TikTok's reply-button card (`QA_BUTTON_CARD`, FACTS 6.3) is known only from a
 * third-party adapter — its limits and what a tap sends back are unconfirmed (FACTS "unconfirmed"),
 * so snorq does not offer choices there rather than send what it cannot check; the composer says so.
 */
export const tiktokApi: ChannelApi = {
  platform: 'tiktok',
  send,
  mediaTypes: ['image'],
  conversationIdKey: 'conversationId',
};
