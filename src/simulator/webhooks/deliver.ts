import { WEBHOOK_PATHS, type SimContext } from '../context.ts';
import { uuid } from '../ids.ts';
import type { SimPlatform } from '../types.ts';
import { metaJson, metaSignatureHeaders, tiktokSignature, twilioSignature } from './sign.ts';

/**
 * Posting webhooks to snorq, signed as each platform signs them. Deliveries are recorded
 * (recorded.webhooks()). There are no automatic retries: a test that wants a retry posts again.
 */

export interface Delivery {
  status: number;
  body: string;
}

const META_SECRET = { messenger: 'metaAppSecret', instagram: 'instagramAppSecret', whatsapp: 'whatsappAppSecret' } as const;

export type MetaPlatform = keyof typeof META_SECRET;

export const metaSecretFor = (ctx: SimContext, platform: MetaPlatform): string => ctx.options.secrets[META_SECRET[platform]];

export interface PostOptions {
  sign?: boolean;
  signature?: string;
  headers?: Record<string, string>;
  path?: string;
}

/** Meta (Messenger, Instagram, WhatsApp): escaped JSON, X-Hub-Signature-256 over those exact bytes. */
export function postMeta(ctx: SimContext, platform: MetaPlatform, payload: unknown, options: PostOptions = {}): Promise<Delivery> {
  const rawBytes = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : metaJson(payload), 'utf8');
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'facebookexternalua' };
  if (options.sign !== false) Object.assign(headers, metaSignatureHeaders(metaSecretFor(ctx, platform), rawBytes));
  if (options.signature !== undefined) headers['x-hub-signature-256'] = options.signature;
  return post(ctx, platform, `${ctx.options.webhookBaseUrl}${options.path ?? WEBHOOK_PATHS[platform]}`, { ...headers, ...options.headers }, rawBytes);
}

/**
 * Twilio: form-encoded params, X-Twilio-Signature over the PUBLIC URL (what Twilio was configured
 * with) + sorted params. A URL under publicWebhookBaseUrl is delivered to webhookBaseUrl instead.
 */
export function postTwilio(ctx: SimContext, authToken: string, publicUrl: string, params: Record<string, string>, options: PostOptions = {}): Promise<Delivery> {
  const body = Buffer.from(new URLSearchParams(params).toString(), 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    'user-agent': 'TwilioProxy/1.1',
    'i-twilio-idempotency-token': uuid(),
  };
  if (options.sign !== false) headers['x-twilio-signature'] = twilioSignature(authToken, publicUrl, params);
  if (options.signature !== undefined) headers['x-twilio-signature'] = options.signature;
  return post(ctx, 'twilio', deliveryUrl(ctx, publicUrl), { ...headers, ...options.headers }, body);
}

/** The public URL Twilio signs for a webhook path. */
export const twilioPublicUrl = (ctx: SimContext, path = WEBHOOK_PATHS.twilio): string => `${ctx.options.publicWebhookBaseUrl}${path}`;

/** TikTok: plain JSON (its `content` a JSON string), `Tiktok-Signature: t=…,s=…`. */
export function postTiktok(ctx: SimContext, payload: unknown, options: PostOptions = {}): Promise<Delivery> {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.sign !== false) headers['tiktok-signature'] = tiktokSignature(ctx.options.secrets.tiktokClientSecret, Math.floor(ctx.now() / 1000), body);
  if (options.signature !== undefined) headers['tiktok-signature'] = options.signature;
  return post(ctx, 'tiktok', `${ctx.options.webhookBaseUrl}${options.path ?? WEBHOOK_PATHS.tiktok}`, { ...headers, ...options.headers }, body);
}

function deliveryUrl(ctx: SimContext, publicUrl: string): string {
  const pub = ctx.options.publicWebhookBaseUrl;
  return publicUrl.startsWith(pub) ? `${ctx.options.webhookBaseUrl}${publicUrl.slice(pub.length)}` : publicUrl;
}

export async function post(ctx: SimContext, platform: SimPlatform, url: string, headers: Record<string, string>, body: Buffer, method = 'POST'): Promise<Delivery> {
  const entry = ctx.recorder.startWebhook({ platform, url, headers, body: body.toString('utf8'), time: ctx.now() });
  try {
    const res = await fetch(url, { method, headers, body: method === 'GET' ? undefined : new Uint8Array(body), signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    entry.status = res.status;
    entry.responseBody = text;
    ctx.log(`webhook ${platform} ${method} ${url} -> ${res.status}`);
    return { status: res.status, body: text };
  } catch (err) {
    entry.error = err instanceof Error ? err.message : String(err);
    ctx.log(`webhook ${platform} ${method} ${url} failed: ${entry.error}`);
    throw new Error(`simulator: could not deliver the ${platform} webhook to ${url}: ${entry.error}`, { cause: err });
  } finally {
    ctx.recorder.finishedWebhook();
  }
}
