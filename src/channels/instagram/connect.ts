import type { ChannelConnect } from '../channel-definition.ts';
import type { InstagramCredentials } from './credentials.ts';
import { metaSubscription } from '../meta/subscription.ts';

/** How an Instagram account is connected and kept connected (ChannelConnect). */
export const instagramConnect: ChannelConnect<InstagramCredentials> = {
  ...metaSubscription,
};
