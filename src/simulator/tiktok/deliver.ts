import crypto from 'node:crypto';
import type { SimContext } from '../context.ts';
import { deliveryPath, post, type Delivery, type PostOptions } from '../webhooks/deliver.ts';

/** TikTok: `Tiktok-Signature: t=<unix s>,s=<hex HMAC-SHA256(client secret, "<t>." + raw body)>`. */
export function tiktokSignature(clientSecret: string, timestampSeconds: number, body: Buffer): string {
  const s = crypto.createHmac('sha256', clientSecret).update(`${timestampSeconds}.`).update(body).digest('hex');
  return `t=${timestampSeconds},s=${s}`;
}
/**
 * TikTok: plain JSON (its `content` a JSON string), `Tiktok-Signature: t=…,s=…`. TikTok does not
 * say whether a retry is signed afresh (FACTS 6.2); the simulator takes the reading that is harder
 * on a receiver: a retry keeps the `t` of its first attempt (`firstAttemptAt`, `redeliver`).
 */
export function postTiktok(ctx: SimContext, payload: unknown, options: PostOptions = {}): Promise<Delivery> {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signedAt = Math.floor((options.firstAttemptAt ?? ctx.now()) / 1000);
  if (options.sign !== false) headers['tiktok-signature'] = tiktokSignature(ctx.secret('tiktok'), signedAt, body);
  if (options.signature !== undefined) headers['tiktok-signature'] = options.signature;
  return post(ctx, 'tiktok', deliveryPath(ctx, 'tiktok', options.path), { ...headers, ...options.headers }, body);
}
