import type { ChannelConnect } from '../channel-definition.ts';
import type { MessengerCredentials } from './credentials.ts';
import { metaSubscription } from '../meta/subscription.ts';

/** How a Facebook Page is connected and kept connected (ChannelConnect). */
export const messengerConnect: ChannelConnect<MessengerCredentials> = {
  ...metaSubscription,
};
