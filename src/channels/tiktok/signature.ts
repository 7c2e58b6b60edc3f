import crypto from 'node:crypto';
import type { VerifyResult, WebhookRequest } from '../types.ts';

/**
 * How far `t` may sit from our clock. TikTok names no value (FACTS 6.1 step 4); Chatwoot's 5 s
 * rejects honest requests on ordinary clock skew, and a retry that reuses its first `t`
 * (FACTS 6.2, unconfirmed) would need more still. Five minutes either way bounds replays.
 */
export const TIKTOK_REPLAY_TOLERANCE_MS = 5 * 60_000;

const HEADER = 'tiktok-signature';

/**
 * `Tiktok-Signature: t=<unix s>,s=<hex>`: HMAC-SHA256 with the app (client) secret over
 * `"<t>." + raw body`, compared in constant time (FACTS 6.1, pitfalls 1-3, 5).
 */
export function verifyTiktokSignature(req: WebhookRequest, secret: string | undefined, nowMs: number): VerifyResult {
  // An HMAC keyed with "" still looks valid: no secret, no entry (pitfall 3).
  if (!secret) return { ok: false, reason: 'no TikTok app secret configured' };
  const header = singleHeader(req.headers, HEADER);
  if (!header) return { ok: false, reason: 'missing Tiktok-Signature header' };
  const parts = parseSignatureHeader(header);
  if (!parts) return { ok: false, reason: 'malformed Tiktok-Signature header' };
  if (Math.abs(nowMs - Number(parts.t) * 1000) > TIKTOK_REPLAY_TOLERANCE_MS) {
    return { ok: false, reason: 'Tiktok-Signature timestamp outside the replay window' };
  }
  // `t` exactly as sent: it is part of the signed bytes.
  const expected = crypto.createHmac('sha256', secret).update(`${parts.t}.`).update(req.rawBody).digest();
  const given = Buffer.from(parts.s, 'hex');
  const valid = given.length === expected.length && crypto.timingSafeEqual(given, expected);
  return valid ? { ok: true } : { ok: false, reason: 'Tiktok-Signature does not match' };
}

/** Split on `,`, then on the first `=`, in any order (pitfall 5); a repeated or odd `t`/`s` is malformed. */
export function parseSignatureHeader(header: string): { t: string; s: string } | undefined {
  const fields = new Map<string, string>();
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    const key = part.slice(0, at).trim();
    if (fields.has(key)) return undefined;
    fields.set(key, part.slice(at + 1).trim());
  }
  const t = fields.get('t');
  const s = fields.get('s');
  if (t === undefined || !/^\d{1,12}$/.test(t)) return undefined;
  if (s === undefined || !/^[0-9a-fA-F]{64}$/.test(s)) return undefined;
  return { t, s };
}

/** One header value, case-insensitively; a repeated header is ambiguous and reads as absent. */
function singleHeader(headers: WebhookRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
    return value;
  }
  return undefined;
}
