import type { Config } from '../../config/config.ts';
import type { ChannelConnect, ConnectedChannel, SubscriptionContext, SubscriptionOutcome } from '../channel-definition.ts';
import type { ChannelCredentials, PlatformFailure } from '../types.ts';
import { facebookApp, instagramLoginApp, whatsappApp } from './apps.ts';
import { graphAppSecrets } from './graph-app-secrets.ts';
import { INSTAGRAM_LOGIN_FIELDS, PAGE_FIELDS, listSubscribedApps, subscribeApp, unsubscribeApp, type SubscriptionTarget } from './oauth.ts';

/**
 * Meta's webhook subscriptions (`subscribed_apps`): Pages and Instagram-through-a-Page
 * (`/{PAGE_ID}/subscribed_apps`, FACTS 2.1/3.6), Instagram Login accounts (graph.instagram.com,
 * 3.1) and WABAs (4.6), made at connect, read back for health and removed at disconnect once no
 * other channel of snorq's comes through the same node. Messenger, Instagram and WhatsApp take
 * their `connect` subscription members from here.
 */

type MetaTarget = { target: SubscriptionTarget; appId?: string; fields?: string[] };

const unknown = (detail: string, failure?: PlatformFailure): SubscriptionOutcome => ({ state: 'unknown', detail, ...(failure && { failure }) });

/** The Graph node whose `subscribed_apps` carries this channel's webhooks, with the app that should be there. */
export function metaTarget(c: Config, channel: Pick<ConnectedChannel, 'external_account_id'>, creds: ChannelCredentials): MetaTarget | null {
  // Each node is called with the token of the app that subscribes it, so with that app's proof.
  const secrets = graphAppSecrets(c, creds);
  const appSecret = (host: 'metaGraph' | 'instagramGraph'): { appSecret?: string } => (secrets?.[host] ? { appSecret: secrets[host] } : {});
  if (creds.platform === 'messenger')
    return {
      target: { product: 'messenger', nodeId: channel.external_account_id, token: creds.pageAccessToken, auth: 'query', ...appSecret('metaGraph') },
      appId: facebookApp(c)?.appId,
      fields: PAGE_FIELDS,
    };
  if (creds.platform === 'instagram' && creds.loginType === 'facebook' && creds.pageId)
    return { target: { product: 'instagram', nodeId: creds.pageId, token: creds.accessToken, auth: 'query', ...appSecret('metaGraph') }, appId: facebookApp(c)?.appId, fields: PAGE_FIELDS };
  if (creds.platform === 'instagram' && creds.loginType === 'instagram') {
    return {
      target: { product: 'instagram', nodeId: channel.external_account_id, token: creds.accessToken, auth: 'query', host: 'instagramGraph', ...appSecret('instagramGraph') },
      appId: instagramLoginApp(c)?.appId,
      fields: INSTAGRAM_LOGIN_FIELDS,
    };
  }
  if (creds.platform === 'whatsapp' && creds.wabaId)
    return { target: { product: 'whatsapp', nodeId: creds.wabaId, token: creds.accessToken, auth: 'bearer', ...appSecret('metaGraph') }, appId: whatsappApp(c)?.appId };
  return null;
}

async function subscribeMeta(ctx: SubscriptionContext, channel: ConnectedChannel, creds: ChannelCredentials): Promise<SubscriptionOutcome> {
  const meta = metaTarget(ctx.config, channel, creds);
  if (!meta) return unknown('snorq does not know which subscription carries this channel’s webhooks (no WhatsApp Business Account id); reconnect it through Embedded Signup.');
  const res = await subscribeApp(ctx.client, meta.target, meta.fields);
  return res.ok ? { state: 'subscribed', detail: null } : { state: 'missing', detail: `Subscribing to the webhooks failed: ${res.failure.reason}`, failure: res.failure };
}

async function checkMeta(ctx: SubscriptionContext, channel: ConnectedChannel, creds: ChannelCredentials): Promise<SubscriptionOutcome> {
  const meta = metaTarget(ctx.config, channel, creds);
  if (!meta) return unknown('No WhatsApp Business Account id is known for this number, so its subscription cannot be checked.');
  const res = await listSubscribedApps(ctx.client, meta.target);
  if (!res.ok) return unknown(`Meta did not say: ${res.failure.reason}`, res.failure);
  // Without a configured app id any subscribed app is taken to be ours (env-provisioned channels).
  const ours = res.value.find((a) => !meta.appId || !a.appId || a.appId === meta.appId);
  if (!ours) return { state: 'missing', detail: 'Meta no longer sends this account’s webhooks to snorq’s app (the subscription is gone). Reconnect the channel to subscribe again.' };
  if (ours.fields && meta.fields && !ours.fields.includes('messages'))
    return { state: 'missing', detail: 'The app is subscribed without the `messages` field, so no messages arrive. Reconnect the channel.' };
  const lacking = ours.fields && meta.fields ? meta.fields.filter((f) => !ours.fields?.includes(f)) : [];
  if (lacking.length === 0) return { state: 'subscribed', detail: null };
  // Meta delivers only the fields subscribed: postbacks, reactions or reads would silently never
  // come. The subscription is ours and still in place (an account connected before snorq read
  // those fields), so it is completed with the channel's own token rather than left to a reconnect.
  const fixed = await subscribeApp(ctx.client, meta.target, meta.fields);
  if (fixed.ok) return { state: 'subscribed', detail: null };
  return {
    state: 'missing',
    detail: `The app is subscribed without ${lacking.map((f) => `\`${f}\``).join(', ')}, so those events do not arrive, and adding them failed: ${fixed.failure.reason}`,
    failure: fixed.failure,
  };
}

/**
 * Remove the subscription unless another channel still comes through the node (a Page serves
 * Messenger and a linked Instagram account; a WABA serves all its numbers). An Instagram Login
 * account's subscription is its own.
 */
async function unsubscribeMeta(ctx: SubscriptionContext, channel: ConnectedChannel, creds: ChannelCredentials) {
  const meta = metaTarget(ctx.config, channel, creds);
  if (!meta) return 'not_supported' as const;
  if (meta.target.host !== 'instagramGraph') {
    const others = await ctx.otherChannels();
    if (others.some((other) => metaTarget(ctx.config, other.channel, other.credentials)?.target.nodeId === meta.target.nodeId)) return 'kept' as const;
  }
  const res = await unsubscribeApp(ctx.client, meta.target);
  return res.ok ? ('removed' as const) : ('failed' as const);
}

/** The subscription members of the Messenger, Instagram and WhatsApp definitions' `connect`. */
export const metaSubscription: Required<Pick<ChannelConnect<ChannelCredentials>, 'subscribe' | 'check' | 'unsubscribe'>> = {
  subscribe: subscribeMeta,
  check: checkMeta,
  unsubscribe: unsubscribeMeta,
};
