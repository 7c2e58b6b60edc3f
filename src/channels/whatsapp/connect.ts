import type { ChannelConnect } from '../channel-definition.ts';
import type { WhatsappCredentials } from './credentials.ts';
import { metaSubscription } from '../meta/subscription.ts';

/** How a WhatsApp Cloud number is connected and kept connected (ChannelConnect). */
export const whatsappConnect: ChannelConnect<WhatsappCredentials> = {
  ...metaSubscription,
};
