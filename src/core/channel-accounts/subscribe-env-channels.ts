import type { FastifyBaseLogger } from 'fastify';
import { channelOf } from '../../channels/registry.ts';
import type { OAuthDeps } from '../connections/oauth-config.ts';
import { recordSubscription, subscribeChannel, type SubscriptionOutcome } from '../connections/webhook-subscriptions.ts';
import { tryOpenCredentials } from './channel-credentials.ts';
import type { ChannelSpec } from './provision-env-channels.ts';

/**
 * Channels from the environment whose platform learns where to send webhooks only when told (a
 * bot's setWebhook: `config.envChannel.subscribeAtStart`): subscribed at every start, the outcome
 * recorded on the channel as channel health reads it. A refused token marks the channel
 * needs_reconnect, as a refused check does; a failure is logged and never stops snorq. The
 * sandbox subscribes its channels the same way (`origin: 'sandbox'`): its log lines say so, so
 * that an operator never goes looking for a variable of theirs behind a simulated bot.
 */
export async function subscribeEnvChannels(
  deps: OAuthDeps & { log: FastifyBaseLogger },
  organizationId: number,
  specs: ChannelSpec[],
  origin: keyof typeof WORDS = 'environment',
): Promise<SubscriptionOutcome[]> {
  const words = WORDS[origin];
  const outcomes: SubscriptionOutcome[] = [];
  for (const spec of specs) {
    const definition = channelOf(spec.platform);
    if (!definition.config.envChannel?.subscribeAtStart || !definition.connect.subscribe) continue;
    const channel = await deps.db
      .selectFrom('channels')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('platform', '=', spec.platform)
      .where('external_account_id', '=', spec.externalAccountId)
      .executeTakeFirst();
    const credentials = channel && tryOpenCredentials(deps.secretBox, channel).credentials;
    if (!channel || !credentials) continue;
    const outcome = await subscribeChannel(deps, channel, credentials).catch((err: unknown): SubscriptionOutcome => {
      deps.log.warn({ err, channelId: channel.id }, `subscribing ${words.one} failed`);
      return { state: 'unknown', detail: 'snorq could not reach the platform at start' };
    });
    await recordSubscription(deps, channel.id, outcome);
    if (outcome.failure?.tokenInvalid) {
      await deps.db
        .updateTable('channels')
        .set({ connection_state: 'needs_reconnect', last_error: outcome.failure.reason, last_error_at: new Date(), updated_at: new Date() })
        .where('id', '=', channel.id)
        .execute();
    }
    if (outcome.state !== 'subscribed') deps.log.warn({ channelId: channel.id, platform: spec.platform, detail: outcome.detail }, `${words.platform} does not send ${words.these} webhooks to snorq`);
    outcomes.push(outcome);
  }
  return outcomes;
}

/** How the log names the channels and their platform, by where the channels come from. */
const WORDS = {
  environment: { one: 'a channel from the environment', platform: 'the platform', these: 'this environment channel’s' },
  sandbox: { one: 'a sandbox channel', platform: 'the simulated platform (sandbox)', these: 'this sandbox channel’s' },
} as const;
