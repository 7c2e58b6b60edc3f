import type { ConnectedChannel, SubscriptionContext, SubscriptionOutcome, UnsubscribeOutcome } from '../../channels/channel-definition.ts';
import { channelOf } from '../../channels/registry.ts';
import type { ChannelCredentials } from '../../channels/types.ts';
import type { Channel } from '../../db/schema.ts';
import { tryOpenCredentials } from '../channel-accounts/channel-credentials.ts';
import { oauthClient, type OAuthDeps } from './oauth-config.ts';

/**
 * Whether each platform sends a channel's webhooks to snorq: made so at connect, checked
 * periodically (FACTS pitfall 8: Meta silently unsubscribes after sustained failures) and undone at
 * disconnect where the platform allows it. Each platform says how in its definition's `connect`
 * (`subscribe`, `check`, `unsubscribe`); this asks it.
 */

export type { SubscriptionOutcome };

function subscriptionContext(deps: OAuthDeps, channel: ConnectedChannel): SubscriptionContext {
  return {
    config: deps.config,
    client: oauthClient(deps.config),
    webhookUrl: `${deps.config.publicUrl}/api/v1/webhooks/${channelOf(channel.platform).webhook.paths[0]}`,
    otherChannels: () => otherChannels(deps, channel.id),
  };
}

/** Subscribe the app to this channel's webhooks (at connect). */
export async function subscribeChannel(deps: OAuthDeps, channel: ConnectedChannel, creds: ChannelCredentials): Promise<SubscriptionOutcome> {
  const { subscribe } = channelOf(channel.platform).connect;
  if (!subscribe) return { state: 'unknown', detail: null };
  return subscribe(subscriptionContext(deps, channel), channel, creds as never);
}

/** Is the subscription still in place? Read from the platform, never assumed. */
export async function checkSubscription(deps: OAuthDeps, channel: ConnectedChannel, creds: ChannelCredentials): Promise<SubscriptionOutcome> {
  const { check } = channelOf(channel.platform).connect;
  if (!check) return { state: 'unknown', detail: null };
  return check(subscriptionContext(deps, channel), channel, creds as never);
}

export async function recordSubscription(deps: OAuthDeps, channelId: number, outcome: SubscriptionOutcome, now = new Date()): Promise<void> {
  await deps.db.updateTable('channels').set({ subscription_state: outcome.state, subscription_detail: outcome.detail, subscription_checked_at: now }).where('id', '=', channelId).execute();
}

/** At disconnect, before the tokens go: remove the subscription where the platform allows it and nothing else of snorq's still needs it. */
export async function removeSubscription(deps: OAuthDeps, channel: Channel): Promise<UnsubscribeOutcome> {
  const { unsubscribe } = channelOf(channel.platform).connect;
  const creds = tryOpenCredentials(deps.secretBox, channel).credentials;
  if (!unsubscribe || !creds) return 'not_supported';
  return unsubscribe(subscriptionContext(deps, channel), channel, creds as never);
}

/** The other channels that are not disconnected, with readable credentials. */
async function otherChannels(deps: OAuthDeps, channelId: number): Promise<{ channel: ConnectedChannel; credentials: ChannelCredentials }[]> {
  const others = await deps.db.selectFrom('channels').selectAll().where('id', '!=', channelId).where('connection_state', '!=', 'disconnected').where('credentials_enc', 'is not', null).execute();
  return others.flatMap((channel) => {
    const { credentials } = tryOpenCredentials(deps.secretBox, channel);
    return credentials ? [{ channel, credentials }] : [];
  });
}
