import crypto from 'node:crypto';
import type { SimContext } from '../context.ts';
import type { HandshakeResult } from '../types.ts';
import { post } from '../webhooks/deliver.ts';

/** Meta's webhook verification (FACTS 1.1): a GET with `hub.challenge`, which snorq must echo alone. */
export async function metaHandshake(ctx: SimContext, platform: 'messenger' | 'instagram' | 'whatsapp', verifyToken: string): Promise<HandshakeResult> {
  const challenge = String(crypto.randomInt(1_000_000_000, 2_000_000_000));
  const query = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': challenge });
  const url = `${ctx.options.webhookBaseUrl}${ctx.platform(platform).webhookPath}?${query.toString()}`;
  const res = await post(ctx, platform, url, { 'user-agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' }, Buffer.alloc(0), 'GET');
  return { ...res, challenge, ok: res.status === 200 && res.body === challenge };
}
