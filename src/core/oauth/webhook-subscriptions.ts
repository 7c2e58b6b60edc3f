import { INSTAGRAM_LOGIN_FIELDS, PAGE_FIELDS, listSubscribedApps, subscribeApp, unsubscribeApp, type SubscriptionTarget } from '../../channels/meta/oauth.ts';
import { setTikTokWebhookCallback, tiktokWebhookCallback } from '../../channels/tiktok/oauth.ts';
import { findWhatsAppSender, setSenderWebhook } from '../../channels/twilio/oauth.ts';
import { splitTwilioAccountId } from '../../channels/twilio/api.ts';
import type { ChannelCredentials, PlatformFailure } from '../../channels/types.ts';
import type { Channel, SubscriptionState } from '../../db/schema.ts';
import { tryOpenCredentials } from '../channels/channel-credentials.ts';
import { graphAppSecrets } from '../channels/graph-app-secrets.ts';
import type { UnsubscribeOutcome } from '../channels/connect-channel.ts';
import { facebookApp, instagramLoginApp, oauthClient, tiktokApp, whatsappApp, type OAuthDeps } from './oauth-config.ts';

/**
 * Whether each platform sends a channel's webhooks to snorq, made so at connect, checked
 * periodically (FACTS pitfall 8: Meta silently unsubscribes after sustained failures) and undone at
 * disconnect where the platform allows it: Pages and Instagram-through-a-Page (`/{PAGE_ID}/
 * subscribed_apps`, FACTS 2.1/3.6), Instagram Login accounts (graph.instagram.com, 3.1), WABAs
 * (4.6), TikTok's one app-level callback (6.1) and the Twilio sender's webhook (5.8).
 */

export interface SubscriptionOutcome {
  state: SubscriptionState;
  detail: string | null;
  /** The platform refused the call; `tokenInvalid` means the channel needs reconnecting. */
  failure?: PlatformFailure;
}

type ChannelRef = Pick<Channel, 'id' | 'platform' | 'external_account_id'>;

const unknown = (detail: string, failure?: PlatformFailure): SubscriptionOutcome => ({ state: 'unknown', detail, ...(failure && { failure }) });
const webhookUrl = (deps: OAuthDeps, path: string): string => `${deps.config.publicUrl}/api/v1/webhooks/${path}`;

/** The Graph node whose `subscribed_apps` carries this channel's webhooks, with the app that should be there. */
function metaTarget(deps: OAuthDeps, channel: ChannelRef, creds: ChannelCredentials): { target: SubscriptionTarget; appId?: string; fields?: string[] } | null {
  const c = deps.config;
  // Each node is called with the token of the app that subscribes it, so with that app's proof.
  const secrets = graphAppSecrets(c, creds);
  const appSecret = (host: 'metaGraph' | 'instagramGraph'): { appSecret?: string } => (secrets?.[host] ? { appSecret: secrets[host] } : {});
  if (creds.platform === 'messenger') return { target: { product: 'messenger', nodeId: channel.external_account_id, token: creds.pageAccessToken, auth: 'query', ...appSecret('metaGraph') }, appId: facebookApp(c)?.appId, fields: PAGE_FIELDS };
  if (creds.platform === 'instagram' && creds.loginType === 'facebook' && creds.pageId) return { target: { product: 'instagram', nodeId: creds.pageId, token: creds.accessToken, auth: 'query', ...appSecret('metaGraph') }, appId: facebookApp(c)?.appId, fields: PAGE_FIELDS };
  if (creds.platform === 'instagram' && creds.loginType === 'instagram') {
    return { target: { product: 'instagram', nodeId: channel.external_account_id, token: creds.accessToken, auth: 'query', host: 'instagramGraph', ...appSecret('instagramGraph') }, appId: instagramLoginApp(c)?.appId, fields: INSTAGRAM_LOGIN_FIELDS };
  }
  if (creds.platform === 'whatsapp' && creds.wabaId) return { target: { product: 'whatsapp', nodeId: creds.wabaId, token: creds.accessToken, auth: 'bearer', ...appSecret('metaGraph') }, appId: whatsappApp(c)?.appId };
  return null;
}

/** Subscribe the app to this channel's webhooks (at connect). */
export async function subscribeChannel(deps: OAuthDeps, channel: ChannelRef, creds: ChannelCredentials): Promise<SubscriptionOutcome> {
  const client = oauthClient(deps.config);
  const meta = metaTarget(deps, channel, creds);
  if (meta) {
    const res = await subscribeApp(client, meta.target, meta.fields);
    return res.ok ? { state: 'subscribed', detail: null } : { state: 'missing', detail: `Subscribing to the webhooks failed: ${res.failure.reason}`, failure: res.failure };
  }
  if (creds.platform === 'tiktok') return ensureTikTokCallback(deps, true);
  if (creds.platform === 'twilio') return twilioSenderWebhook(deps, channel, creds, true);
  return unknown('snorq does not know which subscription carries this channel’s webhooks (no WhatsApp Business Account id); reconnect it through Embedded Signup.');
}

/** Is the subscription still in place? Read from the platform, never assumed. */
export async function checkSubscription(deps: OAuthDeps, channel: ChannelRef, creds: ChannelCredentials): Promise<SubscriptionOutcome> {
  const meta = metaTarget(deps, channel, creds);
  if (meta) {
    const res = await listSubscribedApps(oauthClient(deps.config), meta.target);
    if (!res.ok) return unknown(`Meta did not say: ${res.failure.reason}`, res.failure);
    // Without a configured app id any subscribed app is taken to be ours (env-provisioned channels).
    const ours = res.value.find((a) => !meta.appId || !a.appId || a.appId === meta.appId);
    if (!ours) return { state: 'missing', detail: 'Meta no longer sends this account’s webhooks to snorq’s app (the subscription is gone). Reconnect the channel to subscribe again.' };
    if (ours.fields && meta.fields && !ours.fields.includes('messages')) return { state: 'missing', detail: 'The app is subscribed without the `messages` field, so no messages arrive. Reconnect the channel.' };
    const lacking = ours.fields && meta.fields ? meta.fields.filter((f) => !ours.fields?.includes(f)) : [];
    if (lacking.length === 0) return { state: 'subscribed', detail: null };
    // Meta delivers only the fields subscribed: postbacks, reactions or reads would silently never
    // come. The subscription is ours and still in place (an account connected before snorq read
    // those fields), so it is completed with the channel's own token rather than left to a reconnect.
    const fixed = await subscribeApp(oauthClient(deps.config), meta.target, meta.fields);
    if (fixed.ok) return { state: 'subscribed', detail: null };
    return { state: 'missing', detail: `The app is subscribed without ${lacking.map((f) => `\`${f}\``).join(', ')}, so those events do not arrive, and adding them failed: ${fixed.failure.reason}`, failure: fixed.failure };
  }
  if (creds.platform === 'tiktok') return ensureTikTokCallback(deps, false);
  if (creds.platform === 'twilio') return twilioSenderWebhook(deps, channel, creds, false);
  return unknown('No WhatsApp Business Account id is known for this number, so its subscription cannot be checked.');
}

/** FACTS 6.1: one callback URL per TikTok app; `fix` registers ours when it is not. */
async function ensureTikTokCallback(deps: OAuthDeps, fix: boolean): Promise<SubscriptionOutcome> {
  const app = tiktokApp(deps.config);
  if (!app) return unknown('TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET are not set, so the app’s webhook registration cannot be read.');
  const client = oauthClient(deps.config);
  const ours = webhookUrl(deps, 'tiktok');
  const current = await tiktokWebhookCallback(client, app);
  if (!current.ok) return unknown(`TikTok did not say: ${current.failure.reason}`, current.failure);
  if (current.value === ours) return { state: 'subscribed', detail: null };
  if (fix) {
    const set = await setTikTokWebhookCallback(client, app, ours);
    if (set.ok) return { state: 'subscribed', detail: null };
    return { state: 'missing', detail: `Registering the webhook URL with TikTok failed: ${set.failure.reason}`, failure: set.failure };
  }
  return { state: 'missing', detail: current.value ? `TikTok sends this app’s direct messages to ${current.value}, not to ${ours}.` : 'No webhook URL is registered with TikTok for direct messages.' };
}

/** FACTS 5.8: point (or check) the WhatsApp sender's webhook and status callback at snorq. */
async function twilioSenderWebhook(deps: OAuthDeps, channel: ChannelRef, creds: Extract<ChannelCredentials, { platform: 'twilio' }>, fix: boolean): Promise<SubscriptionOutcome> {
  const client = oauthClient(deps.config);
  const { from } = splitTwilioAccountId(channel.external_account_id);
  const ours = webhookUrl(deps, 'twilio');
  const found = await findWhatsAppSender(client, creds.accountSid, creds.authToken, from);
  if (!found.ok) return unknown(`Twilio did not say: ${found.failure.reason}`, found.failure);
  const sender = found.value;
  if (!sender) return unknown(`Twilio’s Senders API does not list ${from} (the WhatsApp sandbox, or a sender on a Messaging Service): set its “A message comes in” URL to ${ours} in the Twilio Console.`);
  if (sender.webhook?.callback_url === ours) return { state: 'subscribed', detail: null };
  if (!fix) return { state: 'missing', detail: `Twilio sends ${from}’s messages to ${sender.webhook?.callback_url || 'no URL'}, not to ${ours}.` };
  const set = await setSenderWebhook(client, creds.accountSid, creds.authToken, sender.sid, { callbackUrl: ours, statusCallbackUrl: ours });
  return set.ok ? { state: 'subscribed', detail: null } : { state: 'missing', detail: `Setting the sender’s webhook failed: ${set.failure.reason}`, failure: set.failure };
}

export async function recordSubscription(deps: OAuthDeps, channelId: number, outcome: SubscriptionOutcome, now = new Date()): Promise<void> {
  await deps.db
    .updateTable('channels')
    .set({ subscription_state: outcome.state, subscription_detail: outcome.detail, subscription_checked_at: now })
    .where('id', '=', channelId)
    .execute();
}

/**
 * At disconnect, before the tokens go: remove the subscription where the platform allows it and
 * nothing else of snorq's still needs it (a Page serves Messenger and a linked Instagram account;
 * a WABA serves all its numbers). TikTok's callback is app-wide and the Twilio sender's URL may
 * serve others: both stay.
 */
export async function removeSubscription(deps: OAuthDeps, channel: Channel): Promise<UnsubscribeOutcome> {
  const creds = tryOpenCredentials(deps.secretBox, channel).credentials;
  const meta = creds && metaTarget(deps, channel, creds);
  if (!meta) return 'not_supported';
  if (meta.target.host !== 'instagramGraph' && (await nodeStillUsed(deps, channel, meta.target.nodeId))) return 'kept';
  const res = await unsubscribeApp(oauthClient(deps.config), meta.target);
  return res.ok ? 'removed' : 'failed';
}

/** Another connected channel whose webhooks come through the same Page or WABA. */
async function nodeStillUsed(deps: OAuthDeps, channel: Channel, nodeId: string): Promise<boolean> {
  const others = await deps.db
    .selectFrom('channels')
    .selectAll()
    .where('id', '!=', channel.id)
    .where('connection_state', '!=', 'disconnected')
    .where('credentials_enc', 'is not', null)
    .where('platform', 'in', ['messenger', 'instagram', 'whatsapp'])
    .execute();
  return others.some((other) => {
    const creds = tryOpenCredentials(deps.secretBox, other).credentials;
    if (!creds) return false;
    return metaTarget(deps, other, creds)?.target.nodeId === nodeId;
  });
}
