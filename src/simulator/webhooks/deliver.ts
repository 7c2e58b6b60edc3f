import type { SimContext } from '../context.ts';
import { uuid } from '../ids.ts';
import { subscribedFields } from '../meta/graph/subscribed-apps.ts';
import { metaAppOf, metaAppSecret } from '../state/accounts.ts';
import type { DeliveredWebhook, MetaApp, SimAccount, SimPlatform } from '../types.ts';
import { metaJson, metaSignatureHeaders, tiktokSignature, twilioSignature } from './sign.ts';

/**
 * Posting webhooks to snorq, signed as each platform signs them. Deliveries are recorded
 * (recorded.webhooks()). There are no automatic retries: a test that wants a retry posts again.
 */

export interface Delivery {
  status: number;
  body: string;
}

export type MetaPlatform = 'messenger' | 'instagram' | 'whatsapp';

/** The secret a platform's webhooks are signed with when no account says otherwise (raw posts). */
const DEFAULT_APP: Record<MetaPlatform, MetaApp> = { messenger: 'facebook', instagram: 'instagram', whatsapp: 'whatsapp' };

export const metaSecretFor = (ctx: SimContext, platform: MetaPlatform): string => metaAppSecret(ctx, DEFAULT_APP[platform]);

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

export type MetaDelivery = Delivery & { notDelivered?: string };

/**
 * Meta (Messenger, Instagram, WhatsApp): escaped JSON, X-Hub-Signature-256 over those exact bytes,
 * with the secret of the app each entry's account belongs to (an Instagram account connected with
 * Instagram Login: the Instagram app's; one reached through its Page: the Facebook app's), and only
 * the events whose webhook field the app is subscribed to for that account (FACTS 2.1, 3.1): what
 * is left of a payload is posted once per app; nothing left → nothing posted (`notDelivered`).
 */
export async function postMeta(ctx: SimContext, platform: MetaPlatform, payload: unknown, options: PostOptions = {}): Promise<MetaDelivery> {
  if (Buffer.isBuffer(payload) || typeof payload === 'string' || !isEnvelope(payload)) return postMetaBytes(ctx, platform, payload, DEFAULT_APP[platform], options);
  if (options.asIs) return postMetaBytes(ctx, platform, payload, appOfEntry(ctx, platform, payload.entry[0]) ?? DEFAULT_APP[platform], options);

  const byApp = new Map<MetaApp, unknown[]>();
  const dropped: string[] = [];
  for (const entry of payload.entry) {
    const account = accountOfEntry(ctx, platform, entry);
    const app = (account && metaAppOf(account)) ?? DEFAULT_APP[platform];
    const kept = account ? subscribedPart(ctx, platform, account, entry, dropped) : entry;
    if (kept) byApp.set(app, [...(byApp.get(app) ?? []), kept]);
  }
  if (byApp.size === 0) return { status: 0, body: '', notDelivered: `the app is not subscribed to ${[...new Set(dropped)].join(', ')}` };
  let last: MetaDelivery | undefined;
  for (const [app, entries] of byApp) {
    const res = await postMetaBytes(ctx, platform, { ...payload, entry: entries }, app, options);
    if (!last || last.status === 200) last = res;
  }
  return last!;
}

function postMetaBytes(ctx: SimContext, platform: MetaPlatform, payload: unknown, app: MetaApp, options: PostOptions): Promise<Delivery> {
  const rawBytes = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : metaJson(payload), 'utf8');
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'facebookexternalua' };
  if (options.sign !== false) Object.assign(headers, metaSignatureHeaders(metaAppSecret(ctx, app), rawBytes));
  if (options.signature !== undefined) headers['x-hub-signature-256'] = options.signature;
  return post(ctx, platform, `${ctx.options.webhookBaseUrl}${options.path ?? ctx.platform(platform).webhookPath}`, { ...headers, ...options.headers }, rawBytes);
}

type Envelope = { object?: unknown; entry: Record<string, unknown>[] };

const isEnvelope = (payload: unknown): payload is Envelope =>
  typeof payload === 'object' && payload !== null && Array.isArray((payload as { entry?: unknown }).entry) && (payload as Envelope).entry.every((e) => typeof e === 'object' && e !== null);

/** The business account an entry is for: `entry.id` (Page, Instagram account), or a WhatsApp change's `metadata.phone_number_id`. */
function accountOfEntry(ctx: SimContext, platform: MetaPlatform, entry: Record<string, unknown> | undefined): SimAccount | undefined {
  if (!entry) return undefined;
  if (platform !== 'whatsapp') return typeof entry.id === 'string' ? ctx.accounts.find(platform, entry.id) : undefined;
  const changes = Array.isArray(entry.changes) ? (entry.changes as { value?: { metadata?: { phone_number_id?: unknown } } }[]) : [];
  const phoneNumberId = changes[0]?.value?.metadata?.phone_number_id;
  return typeof phoneNumberId === 'string' ? ctx.accounts.find('whatsapp', phoneNumberId) : undefined;
}

const appOfEntry = (ctx: SimContext, platform: MetaPlatform, entry: Record<string, unknown> | undefined): MetaApp | undefined => {
  const account = accountOfEntry(ctx, platform, entry);
  return account && metaAppOf(account);
};

/** The entry with only the events Meta would deliver for this account; undefined when none is left. */
function subscribedPart(ctx: SimContext, platform: MetaPlatform, account: SimAccount, entry: Record<string, unknown>, dropped: string[]): Record<string, unknown> | undefined {
  const fields = subscribedFields(ctx, account);
  if (fields === 'all') return entry;
  const label = `${platform === 'messenger' ? 'the Page' : platform === 'instagram' ? 'the Instagram account' : 'the WhatsApp Business Account'} ${account.accountId}`;
  if (fields === null) {
    dropped.push(`anything of ${label} (no subscription)`);
    return undefined;
  }
  if (platform === 'whatsapp') return entry;
  const out: Record<string, unknown> = { ...entry };
  let left = 0;
  for (const key of ['messaging', 'standby'] as const) {
    const items = entry[key];
    if (!Array.isArray(items)) continue;
    const kept = (items as Record<string, unknown>[]).filter((item) => {
      const field = key === 'standby' ? 'standby' : webhookFieldOf(platform, item);
      if (field === undefined || fields.includes(field)) return true;
      dropped.push(`${field} of ${label}`);
      return false;
    });
    out[key] = kept;
    left += kept.length;
  }
  return left > 0 || (!Array.isArray(entry.messaging) && !Array.isArray(entry.standby)) ? out : undefined;
}

/**
 * The webhook field a Messenger/Instagram messaging item belongs to (FACTS 2.1, 3.1): Messenger
 * has separate fields for echoes, deliveries and reads; Instagram carries echoes and unsends in
 * `messages` and calls reads `messaging_seen`, referrals `messaging_referral` and edits
 * `message_edit` (Messenger: `messaging_referrals`, `message_edits`).
 */
export function webhookFieldOf(platform: 'messenger' | 'instagram', item: Record<string, unknown>): string | undefined {
  const ig = platform === 'instagram';
  const message = item.message as { is_echo?: unknown } | undefined;
  if (message) return !ig && message.is_echo === true ? 'message_echoes' : 'messages';
  if (item.delivery) return 'message_deliveries';
  if (item.read) return ig ? 'messaging_seen' : 'message_reads';
  if (item.reaction) return 'message_reactions';
  if (item.postback) return 'messaging_postbacks';
  if (item.referral) return ig ? 'messaging_referral' : 'messaging_referrals';
  if (item.message_edit) return ig ? 'message_edit' : 'message_edits';
  if (item.optin) return 'messaging_optins';
  return undefined;
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
export const twilioPublicUrl = (ctx: SimContext, path = ctx.platform('twilio').webhookPath): string => `${ctx.options.publicWebhookBaseUrl}${path}`;

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
  return post(ctx, 'tiktok', `${ctx.options.webhookBaseUrl}${options.path ?? ctx.platform('tiktok').webhookPath}`, { ...headers, ...options.headers }, body);
}

/**
 * The platform retries a delivery: the same URL, bytes and headers as the first attempt — Meta's
 * signature and TikTok's `t` included (TikTok retries for up to 72 hours, Meta for up to 36 hours
 * or 7 days for WhatsApp, FACTS 1.3, 6.2).
 */
export function redeliver(ctx: SimContext, webhook: DeliveredWebhook): Promise<Delivery> {
  return post(ctx, webhook.platform, webhook.url, webhook.headers, Buffer.from(webhook.body, 'utf8'));
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
