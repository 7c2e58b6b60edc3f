import type { ChannelConnect, ConnectedChannel, SubscriptionContext, SubscriptionOutcome } from '../channel-definition.ts';
import { splitTwilioAccountId } from './api.ts';
import type { TwilioCredentials } from './credentials.ts';
import { findWhatsAppSender, setSenderWebhook } from './oauth.ts';

/**
 * FACTS 5.8: point (or check) the WhatsApp sender's webhook and status callback at snorq. The
 * sender's URL may serve others, so disconnecting a channel leaves it.
 */
async function senderWebhook(ctx: SubscriptionContext, channel: ConnectedChannel, creds: TwilioCredentials, fix: boolean): Promise<SubscriptionOutcome> {
  const { from } = splitTwilioAccountId(channel.external_account_id);
  const ours = ctx.webhookUrl;
  const found = await findWhatsAppSender(ctx.client, creds.accountSid, creds.authToken, from);
  if (!found.ok) return { state: 'unknown', detail: `Twilio did not say: ${found.failure.reason}`, failure: found.failure };
  const sender = found.value;
  if (!sender)
    return {
      state: 'unknown',
      detail: `Twilio’s Senders API does not list ${from} (the WhatsApp sandbox, or a sender on a Messaging Service): set its “A message comes in” URL to ${ours} in the Twilio Console.`,
    };
  if (sender.webhook?.callback_url === ours) return { state: 'subscribed', detail: null };
  if (!fix) return { state: 'missing', detail: `Twilio sends ${from}’s messages to ${sender.webhook?.callback_url || 'no URL'}, not to ${ours}.` };
  const set = await setSenderWebhook(ctx.client, creds.accountSid, creds.authToken, sender.sid, { callbackUrl: ours, statusCallbackUrl: ours });
  return set.ok ? { state: 'subscribed', detail: null } : { state: 'missing', detail: `Setting the sender’s webhook failed: ${set.failure.reason}`, failure: set.failure };
}

export const twilioSubscription: Pick<ChannelConnect<TwilioCredentials>, 'subscribe' | 'check'> = {
  subscribe: (ctx, channel, creds) => senderWebhook(ctx, channel, creds, true),
  check: (ctx, channel, creds) => senderWebhook(ctx, channel, creds, false),
};
