import type { SimContext } from '../context.ts';
import type { DeliveredWebhook, SimPlatform } from '../types.ts';

/**
 * Posting webhooks to snorq and recording them (recorded.webhooks()); each platform's folder
 * builds and signs its own (meta/deliver.ts, twilio/deliver.ts, tiktok/deliver.ts, …) and posts
 * through `post`. There are no automatic retries: a test that wants a retry posts again
 * (`redeliver`).
 */

export interface Delivery {
  status: number;
  body: string;
}

export interface PostOptions {
  sign?: boolean;
  signature?: string;
  headers?: Record<string, string>;
  path?: string;
  /**
   * Post the payload as given (customers.sendRaw): no subscription filter, signed with the secret
   * of the first entry's account when it is a known one, else the platform's default app's.
   */
  asIs?: boolean;
  /** TikTok: a retry of a delivery first attempted at this time (epoch ms) keeps that attempt's `t` (see postTiktok). */
  firstAttemptAt?: number;
}

/**
 * The platform retries a delivery: the same URL, bytes and headers as the first attempt — Meta's
 * signature and TikTok's `t` included (TikTok retries for up to 72 hours, Meta for up to 36 hours
 * or 7 days for WhatsApp, FACTS 1.3, 6.2).
 */
export function redeliver(ctx: SimContext, webhook: DeliveredWebhook): Promise<Delivery> {
  return post(ctx, webhook.platform, webhook.url, webhook.headers, Buffer.from(webhook.body, 'utf8'));
}

/** A URL under publicWebhookBaseUrl (what the platform was configured with) is delivered to webhookBaseUrl, where snorq listens. */
export function deliveryUrl(ctx: SimContext, publicUrl: string): string {
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

/** Where a platform's webhook goes: `path` under snorq's base URL, by default the platform's own webhook path. */
export const deliveryPath = (ctx: SimContext, platform: SimPlatform, path?: string): string => `${ctx.options.webhookBaseUrl}${path ?? ctx.platform(platform).webhookPath}`;
