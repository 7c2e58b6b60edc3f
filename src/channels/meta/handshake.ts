import crypto from 'node:crypto';

/**
 * Meta's GET verification (FACTS 1.1): answer with the raw `hub.challenge` only when
 * `hub.mode` is `subscribe` and `hub.verify_token` equals the configured token; otherwise null
 * (the route answers 403). No configured token means no subscription can be confirmed.
 */
export function metaHandshake(query: Record<string, unknown>, verifyToken: string | undefined): string | null {
  if (!verifyToken) return null;
  const mode = hubParam(query, 'mode');
  const token = hubParam(query, 'verify_token');
  const challenge = hubParam(query, 'challenge');
  if (mode !== 'subscribe' || token === undefined || !challenge) return null;
  return tokensEqual(token, verifyToken) ? challenge : null;
}

/**
 * Keys contain dots (`hub.mode`); a query parser may instead have nested them as
 * `{ hub: { mode } }` (FACTS 1.1). Anything but a single string (arrays from repeated
 * parameters, objects) is refused.
 */
function hubParam(query: Record<string, unknown>, name: string): string | undefined {
  const flat = query[`hub.${name}`];
  if (typeof flat === 'string') return flat;
  if (flat !== undefined) return undefined;
  const hub = query['hub'];
  if (typeof hub !== 'object' || hub === null) return undefined;
  const nested = (hub as Record<string, unknown>)[name];
  return typeof nested === 'string' ? nested : undefined;
}

/** Constant time whatever the lengths: compare fixed-size digests of both tokens. */
function tokensEqual(received: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(received).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}
