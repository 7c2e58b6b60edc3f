import crypto from 'node:crypto';
import type { SimContext } from '../context.ts';
import { deliveryPath, post, type Delivery, type PostOptions } from '../webhooks/deliver.ts';
import { subscribedFields } from './graph/subscribed-apps.ts';
import { metaAppOf, metaAppSecret, type MetaApp } from './apps.ts';
import type { SimAccount } from '../types.ts';

/**
 * Meta's webhooks (Messenger, Instagram, WhatsApp): signed per app, filtered by the app's
 * subscriptions, serialised PHP-style (FACTS 1.2, 2.1, 3.1).
 */

/** Meta: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, plus the legacy SHA-1 header Meta still sends. */
export function metaSignatureHeaders(appSecret: string, body: Buffer): Record<string, string> {
  return {
    'x-hub-signature': `sha1=${crypto.createHmac('sha1', appSecret).update(body).digest('hex')}`,
    'x-hub-signature-256': `sha256=${crypto.createHmac('sha256', appSecret).update(body).digest('hex')}`,
  };
}

/**
 * Meta serialises webhook JSON PHP-style: every character outside ASCII as `\uXXXX` (lowercase hex,
 * UTF-16 code units) and `/` as `\/`, and signs those bytes (FACTS 1.2). A receiver that re-serialises
 * the parsed JSON before checking gets a different hash — as it would live.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

export type MetaPlatform = 'messenger' | 'instagram' | 'whatsapp';

/** The secret a platform's webhooks are signed with when no account says otherwise (raw posts). */
const DEFAULT_APP: Record<MetaPlatform, MetaApp> = { messenger: 'facebook', instagram: 'instagram', whatsapp: 'whatsapp' };

export const metaSecretFor = (ctx: SimContext, platform: MetaPlatform): string => metaAppSecret(ctx, DEFAULT_APP[platform]);

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
  return post(ctx, platform, deliveryPath(ctx, platform, options.path), { ...headers, ...options.headers }, rawBytes);
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
