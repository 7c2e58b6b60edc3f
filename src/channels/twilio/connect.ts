import type { ChannelConnect } from '../channel-definition.ts';
import type { TwilioCredentials } from './credentials.ts';
import { twilioSubscription } from './subscription.ts';

/** How a Twilio WhatsApp sender is connected and kept connected (ChannelConnect). */
export const twilioConnect: ChannelConnect<TwilioCredentials> = {
  ...twilioSubscription,
};
