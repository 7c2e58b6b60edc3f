import crypto from 'node:crypto';
import type { VerifyResult, WebhookRequest } from '../types.ts';
import { singleHeader } from '../webhook-headers.ts';

/**
 * How far `t` may sit from our clock. TikTok names no tolerance (FACTS 6.1 step 4) and does not
 * say whether a retry is signed afresh or keeps the `t` of its first attempt (FACTS 6.2). A
 * retry that keeps it arrives up to 72 hours late (TikTok retries for 72 hours, then discards), so
 * a ±5-minute window would refuse every retry after the fifth minute — exactly the deliveries
 * that follow an outage. Both readings are accepted: `t` up to the retry horizon in the past
 * (plus skew), and no more than the skew in the future. A replay inside the horizon stores
 * nothing new (messages are unique by id, read receipts only move forward); README.md says what
 * the window still protects against.
 */
export const TIKTOK_CLOCK_SKEW_MS = 5 * 60_000;
/** TikTok for Developers: "retries the delivery … for up to 72 hours using exponential backoff". */
export const TIKTOK_RETRY_HORIZON_MS = 72 * 3_600_000;

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
  const age = nowMs - Number(parts.t) * 1000;
  if (age > TIKTOK_RETRY_HORIZON_MS + TIKTOK_CLOCK_SKEW_MS || age < -TIKTOK_CLOCK_SKEW_MS) {
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
