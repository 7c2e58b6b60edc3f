import crypto from 'node:crypto';
import type { VerifyResult, WebhookRequest } from '../types.ts';

/**
 * X-Hub-Signature-256 for Messenger, Instagram and WhatsApp Cloud (FACTS 1.2, pitfalls 1-3):
 * `sha256=` + lowercase hex HMAC-SHA256 of the raw request body, keyed with the app secret.
 * The legacy `X-Hub-Signature: sha1=…` header is never accepted on its own.
 */

const SIGNATURE_HEADER = 'x-hub-signature-256';
const LEGACY_SHA1_HEADER = 'x-hub-signature';
const SIGNATURE_FORMAT = /^sha256=([0-9a-f]{64})$/i;

export function verifyMetaSignature(req: WebhookRequest, appSecret: string | undefined): VerifyResult {
  // An HMAC keyed with '' still looks valid: no secret means nothing can pass (pitfall 3).
  if (!appSecret) return { ok: false, reason: 'app secret is not configured' };

  const header = readHeader(req.headers, SIGNATURE_HEADER);
  if (header === undefined) {
    return readHeader(req.headers, LEGACY_SHA1_HEADER) === undefined
      ? { ok: false, reason: 'missing X-Hub-Signature-256 header' }
      : { ok: false, reason: 'only the legacy sha1 X-Hub-Signature was sent; X-Hub-Signature-256 is required' };
  }
  const match = SIGNATURE_FORMAT.exec(header.trim());
  if (!match?.[1]) return { ok: false, reason: 'malformed X-Hub-Signature-256 header' };
  const received = Buffer.from(match[1], 'hex');

  if (digestMatches(hmac(appSecret, req.rawBody), received)) return { ok: true };

  // Meta signs the `\uXXXX`-escaped form of non-ASCII characters (FACTS 1.2); try that form too.
  const escaped = escapedForm(req.rawBody);
  if (escaped && digestMatches(hmac(appSecret, escaped), received)) return { ok: true };

  return { ok: false, reason: 'X-Hub-Signature-256 does not match the body' };
}

function hmac(secret: string, body: Buffer): Buffer {
  return crypto.createHmac('sha256', secret).update(body).digest();
}

/** timingSafeEqual throws on buffers of different lengths, so lengths are compared first. */
function digestMatches(expected: Buffer, received: Buffer): boolean {
  return expected.length === received.length && crypto.timingSafeEqual(expected, received);
}

/**
 * The body with every character outside `\0-~` written as `\u` + 4 lowercase hex digits of its
 * UTF-16 code unit (astral characters become two escapes, as JSON writes them); undefined when
 * the body is plain ASCII, since the escaped form would then be the same bytes.
 */
export function escapedForm(rawBody: Buffer): Buffer | undefined {
  if (!rawBody.some((byte) => byte > 0x7e)) return undefined;
  const text = rawBody.toString('utf8').replace(/[^\0-~]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.from(text, 'utf8');
}

/** Node lowercases header names; a caller building headers by hand may not have. */
function readHeader(headers: WebhookRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    // A repeated header is ambiguous: '' fails the format check rather than picking one.
    if (Array.isArray(value)) return value.length === 1 ? value[0] : '';
    return value;
  }
  return undefined;
}
